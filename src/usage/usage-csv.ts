import type { TaskStatus } from '../domain/task.ts';

/**
 * The usage export as CSV (RFC 4180: https://www.rfc-editor.org/rfc/rfc4180), one row per task, safe to open in a
 * spreadsheet app: text that a spreadsheet would run as a formula gets a leading `'`
 * (OWASP, CSV Injection: https://owasp.org/www-community/attacks/CSV_Injection).
 */

/** A task's state for billing: the task's own status, or `released` when its reservation was given back uncharged. */
export type UsageStatus = TaskStatus | 'released';

export interface UsageCsvRow {
  taskId: string;
  /** Unix time in milliseconds. */
  createdAt: number;
  memberId: string;
  memberName: string;
  channelId: string;
  model: string;
  provider: string;
  /** Seconds of video per result. */
  durationS: number;
  variants: number;
  status: UsageStatus;
  /** USD; null when there was no estimate. */
  estimatedUsd: number | null;
  /** USD the provider charged; null while not known. Ignored unless the task succeeded (see `chargedMicroUsd`). */
  chargedUsd: number | null;
}

export const USAGE_CSV_COLUMNS = [
  'task_id',
  'created_utc',
  'member_id',
  'member_name',
  'channel_id',
  'model',
  'provider',
  'duration_s',
  'variants',
  'status',
  'estimated_usd',
  'charged_usd',
] as const;

const CRLF = '\r\n';
const MICROS_PER_USD = 1_000_000;
/** Money is written with 4 decimals, so each amount is first rounded to 100 micro-dollars. */
const MICROS_PER_STEP = 100;

export interface UsageCsvOptions {
  /** Start with a UTF-8 byte order mark so Excel reads non-Latin names right (other readers may show it). Default false. */
  bom?: boolean;
}

/** Header plus one CRLF-terminated line per row, in the given order. Throws a RangeError for a non-finite number or date. */
export function usageCsv(rows: readonly UsageCsvRow[], options: UsageCsvOptions = {}): string {
  const lines = [USAGE_CSV_COLUMNS.join(','), ...rows.map(csvLine)];
  return (options.bom ? '\uFEFF' : '') + lines.join(CRLF) + CRLF;
}

function csvLine(row: UsageCsvRow): string {
  const charged = chargedMicroUsd(row);
  return [
    text(row.taskId),
    new Date(row.createdAt).toISOString(),
    text(row.memberId),
    text(row.memberName),
    text(row.channelId),
    text(row.model),
    text(row.provider),
    integer(row.durationS, 'durationS'),
    integer(row.variants, 'variants'),
    text(row.status),
    row.estimatedUsd === null ? '' : formatMicroUsd(toMicroUsd(row.estimatedUsd)),
    charged === null ? '' : formatMicroUsd(charged),
  ].join(',');
}

/**
 * What the `charged_usd` column holds, in micro-dollars rounded to the column's 4 decimals: null (empty) while the
 * task is still running (its cost is reserved, not charged) or succeeded without a known charge; 0 for a failed or
 * released task; else the charged amount.
 */
export function chargedMicroUsd(row: UsageCsvRow): number | null {
  switch (row.status) {
    case 'failed':
    case 'released':
      return 0;
    case 'succeeded':
      return row.chargedUsd === null ? null : toMicroUsd(row.chargedUsd);
    case 'pending':
    case 'queued':
    case 'generating':
      return null;
  }
}

/**
 * Total of the `charged_usd` column, summed as integer micro-dollars so it equals the column's sum exactly:
 * `microUsd` (an integer) and `usd`, written like the column (`12.3400`).
 */
export function sumCharged(rows: readonly UsageCsvRow[]): { microUsd: number; usd: string } {
  const microUsd = rows.reduce((sum, row) => sum + (chargedMicroUsd(row) ?? 0), 0);
  return { microUsd, usd: formatMicroUsd(microUsd) };
}

/** USD to integer micro-dollars, rounded half away from zero to the 4 decimals the CSV shows. */
export function toMicroUsd(usd: number): number {
  if (!Number.isFinite(usd)) throw new RangeError(`Amount must be finite, got ${usd}`);
  // Scaled to the 4th decimal, then cut to 15 significant digits, which drops binary noise before rounding:
  // 0.00005 * 1e4 is 0.49999999999999994 in floats but stands for exactly 0.5.
  const steps = Math.round(Number((Math.abs(usd) * 10_000).toPrecision(15)));
  const rounded = steps * MICROS_PER_STEP;
  return usd < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Integer micro-dollars as a decimal with exactly 4 places, built from integers: `420000` → `0.4200`. */
export function formatMicroUsd(microUsd: number): string {
  if (!Number.isSafeInteger(microUsd)) throw new RangeError(`Micro-dollars must be a safe integer, got ${microUsd}`);
  const abs = Math.abs(microUsd);
  const whole = Math.floor(abs / MICROS_PER_USD);
  const fraction = Math.floor((abs % MICROS_PER_USD) / MICROS_PER_STEP);
  return `${microUsd < 0 ? '-' : ''}${whole}.${String(fraction).padStart(4, '0')}`;
}

function integer(value: number, name: string): string {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${value}`);
  return String(value);
}

/** Cells starting like this are run as formulas by Excel, LibreOffice and Google Sheets (OWASP; NUL per OWASP ASVS 1.2.10). */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/** A text cell: formula guard first, then RFC 4180 §2.6–2.7 quoting (commas, quotes, CR, LF; quotes doubled). */
function text(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
