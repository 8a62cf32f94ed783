// Aim 3: resident memory of the real bot process — exactly what `npm start` runs (the compiled
// dist/ with the node flags in package.json), or the TypeScript source as the tests run it — on a
// store that already holds many finished tasks plus a few still generating at Runware.
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RunwareProvider } from '../src/providers/runware/runware-provider.ts';
import type { MediaAccess } from '../src/providers/provider.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openKeyv } from '../src/store/sql-keyv-store.ts';
import { SqlTaskRepository } from '../src/store/sql-task-repository.ts';
import { IDS, RUNWARE_KEY, killHard, spawnBot, type World } from '../test/support/bot-harness.ts';
import { freePort } from '../test/support/ports.ts';
import { finishedTask, queuedTask, type Place } from './tasks.ts';
import { benchWorld, createStatusMessages, within } from './world.ts';

export interface RssOptions {
  finished: number;
  open: number;
  settleMs: number;
  /** Extra environment for the bot process (e.g. NODE_OPTIONS for a memory experiment). */
  childEnv?: Record<string, string>;
  /** 'npm-start': package.json's start command on the built dist/; 'source': node src/main.ts. */
  entry?: 'npm-start' | 'source';
}

/** The node arguments of package.json's `start` script (built first with `npm run build`). */
export function npmStartArgs(): string[] {
  execSync('npm run build', { stdio: 'ignore' });
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts.start ?? '').split(/\s+/).filter(Boolean);
  if (words[0] !== 'node') throw new Error(`package.json start script does not start with node: ${scripts.start}`);
  return words.slice(1);
}

export interface RssResult {
  /** Median of the VmRSS samples. */
  rssMb: number;
  rssMinMb: number;
  rssMaxMb: number;
  hwmMb: number;
  startupMs: number;
  storeMb: number;
  notes: string[];
}

const PLACE: Place = { guildId: IDS.guild, channelId: IDS.channel, userId: IDS.alice };
const noMedia: MediaAccess = {
  read: () => Promise.reject(new Error('the bench submits text-only tasks')),
  providerCopy: () => Promise.resolve(undefined),
  rememberProviderCopy: () => Promise.resolve(),
};

/** Fills the store as months of use would, and registers the open tasks with FakeRunware. */
async function prefill(world: World, storeUrl: string, publicUrl: string, options: RssOptions): Promise<void> {
  const database = openDatabase(storeUrl);
  await migrateToLatest(database);
  const store = new SqlTaskRepository(database.db, database.dialect);
  const keyv = openKeyv(database.db);
  try {
    let messageId = 1_300_000_000_000_000_000n;
    for (let i = 0; i < options.finished; i++) {
      messageId += 2n;
      const task = finishedTask(i, PLACE, messageId.toString());
      await store.create(task, { dueAt: null });
      await store.linkMessage(messageId.toString(), task.id);
    }
    for (const duration of [5, 10]) await keyv.set(`eta:kling-3-standard:${duration}`, { samples: 40, meanMs: 90_000 });
    const open = Array.from({ length: options.open }, (_, i) => queuedTask(i, PLACE));
    await createStatusMessages(world, open);
    const runware = new RunwareProvider({ apiKey: RUNWARE_KEY, apiUrl: world.runware.url, retry: { retries: 0, minDelayMs: 1, maxDelayMs: 1 } });
    for (const task of open) {
      await runware.submit(task, { callbackUrl: `${publicUrl}/webhooks/runware/${task.id}?token=${task.webhookToken}`, media: noMedia });
      await store.create(task, { dueAt: Date.now() + 300_000 });
    }
  } finally {
    await database.close();
  }
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

export async function runRssBench(options: RssOptions): Promise<RssResult> {
  const world = await benchWorld('info'); // spawnBot waits for the "ready" line, logged at info
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const file = join(dir, 'bot.sqlite');
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const env = { ...world.env, STORE_URL: `sqlite://${file}`, PORT: String(port), PUBLIC_URL: publicUrl, ...options.childEnv };
  try {
    await prefill(world, env.STORE_URL, publicUrl, options);
    const started = performance.now();
    const args = options.entry === 'source' ? undefined : npmStartArgs();
    const child = await spawnBot({ ...world, env }, args);
    const startupMs = performance.now() - started;
    const pid = child.pid;
    try {
      if (pid === undefined) throw new Error('bot process has no pid');
      await new Promise((resolve) => setTimeout(resolve, options.settleMs));
      const samples: number[] = [];
      for (let i = 0; i < 8; i++) {
        samples.push(readStatusKb(pid, 'VmRSS'));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const sorted = samples.sort((a, b) => a - b);
      const crashed = child.output.filter((line) => /"level":(50|60)/.test(line));
      return {
        rssMb: (sorted[Math.floor(sorted.length / 2)] ?? Number.NaN) / 1024,
        rssMinMb: (sorted[0] ?? Number.NaN) / 1024,
        rssMaxMb: (sorted.at(-1) ?? Number.NaN) / 1024,
        hwmMb: readStatusKb(pid, 'VmHWM') / 1024,
        startupMs,
        storeMb: statSync(file).size / 1024 / 1024,
        notes: [
          `pid ${pid}: node ${(args ?? ['src/main.ts']).join(' ')}${options.childEnv?.NODE_OPTIONS ? ` with NODE_OPTIONS=${options.childEnv.NODE_OPTIONS}` : ''}; ${options.finished} finished + ${options.open} open tasks; VmRSS median of 8 samples 250 ms apart after ${(options.settleMs / 1000).toFixed(0)} s settle`,
          ...(crashed.length > 0 ? [`bot logged ${crashed.length} error line(s), first: ${crashed[0]?.slice(0, 200) ?? ''}`] : []),
        ],
      };
    } finally {
      child.kill('SIGTERM');
      if (!(await within(new Promise((resolve) => child.once('exit', resolve)), 5_000))) await killHard(child);
    }
  } finally {
    await within(world.close(), 5_000);
    rmSync(dir, { recursive: true, force: true });
  }
}
