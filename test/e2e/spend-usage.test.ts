import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { USAGE_CSV_COLUMNS } from '../../src/usage/usage-csv.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import type { StoredMessage, UploadedFile } from '../support/discord/index.ts';
import { STRING, outcomeMessage, prompt, sendVideo, useBot } from './helpers.ts';
import { PLAIN_MEMBER, USER, charges, privateAnswer, sendCommand, settled } from './spend-helpers.ts';

let world: World;
let bot: RunningBot;
useBot(
  {
    members: [
      { id: IDS.alice, username: 'alice' },
      { id: IDS.bob, username: 'bob', permissions: PLAIN_MEMBER },
    ],
    server: { confirmAboveUsd: 0, maxRunning: 0 },
  },
  (w, b) => ([world, bot] = [w, b]),
);

async function video(text: string, userId: string): Promise<string> {
  sendVideo(world, [prompt(text)], { userId });
  return String((await world.runware.waitForVideoTask((r) => r.positivePrompt === text)).taskUUID);
}

/** The /usage answer once it carries its files. */
async function usageAnswer(interactionId: string): Promise<StoredMessage> {
  return privateAnswer(world, interactionId, (m) => m.files.length > 0 || m.content.includes('only'));
}

function file(message: StoredMessage, name: string): UploadedFile {
  const found = message.files.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name} on the answer (it has ${message.files.map((f) => f.name).join(', ')})`);
  return found;
}

/** Width and height from a PNG's IHDR chunk (https://www.w3.org/TR/png/#11IHDR), after checking the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = Buffer.from(bytes);
  expect(view.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

function csvRows(bytes: Uint8Array): Array<Record<string, string>> {
  const [header, ...lines] = Buffer.from(bytes).toString('utf8').trimEnd().split('\r\n');
  expect(header?.split(',')).toEqual([...USAGE_CSV_COLUMNS]);
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [USAGE_CSV_COLUMNS[i], cell])));
}

const micros = (usd: string) => Math.round(Number(usd || 0) * 1_000_000);

describe('/usage', () => {
  it('gives a manager everyone’s summary, a valid chart PNG and a CSV whose rows match the ledger and sum to the summary', async () => {
    const a = await video('usage a', IDS.alice);
    await world.runware.completeTask(a, { cost: 0.42 });
    await outcomeMessage(world);
    const b = await video('usage b', IDS.alice);
    await world.runware.completeTask(b, { cost: 0.123456 });
    await settled(bot, b);
    const c = await video('usage c', IDS.bob);
    await world.runware.failTask(c, { code: 'providerContentPolicyViolation', message: 'no' });
    await settled(bot, c);
    const d = await video('usage d', IDS.bob);

    const answer = await usageAnswer(sendCommand(world, 'usage', []).id);
    expect(answer.content.split('\n')).toEqual([
      '**Usage — This month (since the 1st, 00:00 UTC)** · everyone',
      '• Charged: **$0.5435** (the total of the CSV’s charged_usd column)',
      '• Reserved now: $0.42 (1 video running)',
      '• Videos: 2 made, 10 s generated, from 4 requests',
      '• Failures: 1, charged $0',
    ]);
    expect(pngSize(file(answer, 'usage.png').bytes)).toEqual({ width: 1000, height: 500 });

    const rows = csvRows(file(answer, 'usage.csv').bytes);
    const ledger = await charges(bot);
    expect(rows.map((r) => r.task_id)).toEqual(ledger.map((l) => l.taskId));
    expect(rows.map((r) => [r.task_id, r.member_id, r.status, r.estimated_usd, r.charged_usd])).toEqual([
      [a, IDS.alice, 'succeeded', '0.4200', '0.4200'],
      [b, IDS.alice, 'succeeded', '0.4200', '0.1235'],
      [c, IDS.bob, 'failed', '0.4200', '0.0000'],
      [d, IDS.bob, 'queued', '0.4200', ''],
    ]);
    for (const row of rows) expect(row.created_utc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows.map((r) => [r.member_name, r.channel_id, r.model, r.provider, r.duration_s, r.variants])[0]).toEqual([
      'alice',
      IDS.channel,
      'kling-3-standard',
      'runware',
      '5',
      '1',
    ]);
    const csvTotal = rows.reduce((sum, r) => sum + micros(r.charged_usd ?? ''), 0);
    expect(`**$${(csvTotal / 1_000_000).toFixed(4)}**`).toBe('**$0.5435**');
    expect(Math.abs(csvTotal - ledger.reduce((sum, l) => sum + (l.charged ?? 0), 0))).toBeLessThan(100); // the CSV's 4 decimals
  });

  it('shows a member only their own usage, and refuses someone else’s', async () => {
    const other = sendCommand(world, 'usage', [{ name: 'member', type: USER, value: IDS.alice }], IDS.bob);
    expect((await usageAnswer(other.id)).content).toBe('You can see your own usage only; members who can manage the server can see anyone’s.');
    const own = await usageAnswer(sendCommand(world, 'usage', [{ name: 'by', type: STRING, value: 'model' }], IDS.bob).id);
    expect(own.content).toContain(`· <@${IDS.bob}>`);
    expect(own.content).toContain('• Charged: **$0.00**');
    expect(csvRows(file(own, 'usage.csv').bytes).map((r) => r.member_id)).toEqual([IDS.bob, IDS.bob]);
    expect(pngSize(file(own, 'usage.png').bytes).width).toBe(1000);
  });

  it('lets a manager look at one member for one period', async () => {
    const today = await usageAnswer(
      sendCommand(world, 'usage', [
        { name: 'period', type: STRING, value: 'today' },
        { name: 'member', type: USER, value: IDS.alice },
        { name: 'by', type: STRING, value: 'day' },
      ]).id,
    );
    expect(today.content).toContain(`**Usage — Today (since 00:00 UTC)** · <@${IDS.alice}>`);
    expect(today.content).toContain('• Charged: **$0.5435**');
    expect(csvRows(file(today, 'usage.csv').bytes)).toHaveLength(2);
  });
});
