import { describe, expect, it } from 'vitest';
import { formatMicroUsd, sumCharged, toMicroUsd, usageCsv, type UsageCsvRow, type UsageStatus } from '../../src/usage/usage-csv.ts';

const HEADER = 'task_id,created_utc,member_id,member_name,channel_id,model,provider,duration_s,variants,status,estimated_usd,charged_usd';

function row(overrides: Partial<UsageCsvRow> = {}): UsageCsvRow {
  return {
    taskId: 'task-1',
    createdAt: Date.UTC(2026, 10, 27, 10, 15),
    memberId: '111111111111111111',
    memberName: 'Ana',
    channelId: '222222222222222222',
    model: 'kling-3-pro',
    provider: 'runware',
    durationS: 5,
    variants: 1,
    status: 'succeeded',
    estimatedUsd: 0.56,
    chargedUsd: 0.42,
    ...overrides,
  };
}

/** RFC 4180 reader for the round trips: quoted fields, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (fields.push(field), (field = ''));
    else if (c === '\r' && text[i + 1] === '\n') (records.push([...fields, field]), (fields = []), (field = ''), i++);
    else field += c;
  }
  if (field !== '' || fields.length > 0) records.push([...fields, field]);
  return records;
}

/** "12.3400" → 12340000 micro-dollars, from the digits (no floats). */
function parseMicros(text: string): number {
  const match = /^(-?)(\d+)\.(\d{4})$/.exec(text);
  if (!match) throw new Error(`not a 4-decimal amount: ${text}`);
  const micros = Number(match[2]) * 1_000_000 + Number(match[3]) * 100;
  return match[1] === '-' ? -micros : micros;
}

describe('usageCsv', () => {
  it('writes the header, then one CRLF-terminated line per row', () => {
    const csv = usageCsv([row(), row({ taskId: 'task-2' })]);
    expect(csv).toBe(
      `${HEADER}\r\n` +
        'task-1,2026-11-27T10:15:00.000Z,111111111111111111,Ana,222222222222222222,kling-3-pro,runware,5,1,succeeded,0.5600,0.4200\r\n' +
        'task-2,2026-11-27T10:15:00.000Z,111111111111111111,Ana,222222222222222222,kling-3-pro,runware,5,1,succeeded,0.5600,0.4200\r\n',
    );
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('is just the header for no rows', () => {
    expect(usageCsv([])).toBe(`${HEADER}\r\n`);
  });

  it('can start with a byte order mark for Excel', () => {
    expect(usageCsv([], { bom: true })).toBe(`\uFEFF${HEADER}\r\n`);
  });

  it('writes times as ISO 8601 UTC with milliseconds', () => {
    const [, line] = parseCsv(usageCsv([row({ createdAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6) })]));
    expect(line?.[1]).toBe('2026-01-02T03:04:05.006Z');
    expect(() => usageCsv([row({ createdAt: Number.NaN })])).toThrow(RangeError);
  });

  it('writes money with exactly 4 decimals, rounded half away from zero', () => {
    const amounts = (estimatedUsd: number | null, chargedUsd: number | null): string[] => parseCsv(usageCsv([row({ estimatedUsd, chargedUsd })]))[1]!.slice(10);
    expect(amounts(0.42, 1)).toEqual(['0.4200', '1.0000']);
    expect(amounts(0.084 * 3, 25.2)).toEqual(['0.2520', '25.2000']);
    expect(amounts(0.00005, 0.00004999)).toEqual(['0.0001', '0.0000']);
    expect(amounts(1234.56789, 0)).toEqual(['1234.5679', '0.0000']);
    expect(amounts(null, null)).toEqual(['', '']);
    expect(() => usageCsv([row({ chargedUsd: Number.POSITIVE_INFINITY })])).toThrow(RangeError);
  });

  it('leaves charged_usd empty while a task runs, and 0.0000 once it failed or was released', () => {
    const charged = (status: UsageStatus, chargedUsd: number | null): string | undefined => parseCsv(usageCsv([row({ status, chargedUsd })]))[1]?.[11];
    for (const running of ['pending', 'queued', 'generating'] as const) expect(charged(running, 0.42)).toBe('');
    expect(charged('failed', null)).toBe('0.0000');
    expect(charged('failed', 0.42)).toBe('0.0000');
    expect(charged('released', null)).toBe('0.0000');
    expect(charged('succeeded', 0.42)).toBe('0.4200');
    expect(charged('succeeded', 0)).toBe('0.0000');
    expect(charged('succeeded', null)).toBe('');
  });

  it('quotes fields with commas, quotes, CR or LF, doubling the quotes (RFC 4180)', () => {
    const names = ['Smith, Ana', 'Ana "the cat"', 'two\nlines', 'carriage\rreturn', 'crlf\r\nname', 'plain Zoë 🎬'];
    const csv = usageCsv(names.map((memberName) => row({ memberName })));
    expect(csv).toContain(',"Smith, Ana",');
    expect(csv).toContain(',"Ana ""the cat""",');
    expect(csv).toContain(',plain Zoë 🎬,');
    expect(
      parseCsv(csv)
        .slice(1)
        .map((fields) => fields[3]),
    ).toEqual(names);
  });

  it("puts a ' before text that a spreadsheet would run as a formula", () => {
    const names = ['=HYPERLINK("http://example.com","x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', 'a=b', "'quoted"];
    const parsed = parseCsv(usageCsv(names.map((memberName) => row({ memberName, taskId: memberName, model: memberName }))));
    expect(parsed.slice(1).map((fields) => fields[3])).toEqual([
      '\'=HYPERLINK("http://example.com","x")',
      "'+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'a=b',
      "'quoted",
    ]);
    // Every text column gets the same guard, not only the name.
    expect(parsed[1]?.[0]).toBe(parsed[1]?.[3]);
    expect(parsed[1]?.[5]).toBe(parsed[1]?.[3]);
    // Numbers are written as numbers, even negative ones.
    expect(parseCsv(usageCsv([row({ estimatedUsd: -0.5 })]))[1]?.[10]).toBe('-0.5000');
  });

  it('has 12 fields on every line, whatever the names hold', () => {
    const csv = usageCsv([row({ memberName: 'a,b"c\r\nd' }), row({ memberName: '' })]);
    for (const fields of parseCsv(csv)) expect(fields).toHaveLength(12);
  });
});

describe('sumCharged', () => {
  it('equals the sum of the charged_usd column read back, for 1,000 random rows', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const statuses: UsageStatus[] = ['succeeded', 'succeeded', 'succeeded', 'failed', 'released', 'generating', 'queued', 'pending'];
    const rows = Array.from({ length: 1000 }, (_, i) =>
      row({
        taskId: `task-${i}`,
        memberName: `m${i % 7},"x"\n`,
        status: statuses[Math.floor(random() * statuses.length)]!,
        estimatedUsd: random() * 30,
        chargedUsd: random() < 0.1 ? null : Math.round(random() * 30_000_000) / 1_000_000,
      }),
    );
    const column = parseCsv(usageCsv(rows))
      .slice(1)
      .map((fields) => fields[11]!);
    expect(column).toHaveLength(1000);
    const columnMicros = column.filter((cell) => cell !== '').reduce((sum, cell) => sum + parseMicros(cell), 0);
    const total = sumCharged(rows);
    expect(total.microUsd).toBe(columnMicros);
    expect(total.usd).toBe(formatMicroUsd(columnMicros));
    expect(Number.isSafeInteger(total.microUsd)).toBe(true);
    expect(total.microUsd).toBeGreaterThan(0);
  });

  it('adds cents exactly where floats would not', () => {
    const rows = Array.from({ length: 10 }, () => row({ chargedUsd: 0.1 }));
    expect(rows.reduce((sum, r) => sum + (r.chargedUsd ?? 0), 0)).not.toBe(1);
    expect(sumCharged(rows)).toEqual({ microUsd: 1_000_000, usd: '1.0000' });
  });

  it('counts neither running nor failed tasks', () => {
    expect(sumCharged([row({ status: 'generating' }), row({ status: 'failed' }), row({ status: 'released' })])).toEqual({ microUsd: 0, usd: '0.0000' });
  });
});

describe('toMicroUsd and formatMicroUsd', () => {
  it('round to 4 decimals and write them from integers', () => {
    expect(toMicroUsd(0.42)).toBe(420_000);
    expect(toMicroUsd(0.12345)).toBe(123_500);
    expect(toMicroUsd(-0.12345)).toBe(-123_500);
    expect(toMicroUsd(-0.00001)).toBe(0);
    expect(toMicroUsd(1.00005)).toBe(1_000_100);
    expect(toMicroUsd(0.00004999)).toBe(0);
    expect(formatMicroUsd(420_000)).toBe('0.4200');
    expect(formatMicroUsd(12_345_600)).toBe('12.3456');
    expect(formatMicroUsd(-1_500)).toBe('-0.0015');
    expect(formatMicroUsd(9_000_000_000_000)).toBe('9000000.0000');
  });
});
