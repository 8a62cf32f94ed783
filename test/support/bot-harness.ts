import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/app.ts';
import { startApp, type RunningBot } from '../../src/start.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { FakeDiscord, type FakeUser } from './discord/index.ts';
import { FakeRunware } from './runware/index.ts';
import { FakeS3 } from './s3/index.ts';
import { freePort, waitUntil } from './ports.ts';

export const IDS = {
  app: '100000000000000001',
  guild: '200000000000000001',
  channel: '300000000000000001',
  otherChannel: '300000000000000002',
  alice: '400000000000000001',
  bob: '400000000000000002',
};
export const BOT_TOKEN = 'test-bot-token';
export const RUNWARE_KEY = 'test-runware-key';
/** The bucket `startWorld({ storage: true })` gives the bot: FakeS3 over HTTP, objects public under `publicUrl`. */
export const STORAGE = {
  accessKeyId: 'AKIDE2ESTORAGE',
  secretAccessKey: 'e2e-storage-secret-key',
  bucket: 'kling-videos',
  publicUrl: 'https://videos.example.test/kept',
};

export interface World {
  discord: FakeDiscord;
  runware: FakeRunware;
  /** The S3-compatible bucket, when the world was started with `storage: true` (its S3_* settings are in `env`). */
  s3?: FakeS3;
  /** Every log line the bot wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** PUBLIC_URL is set (default): providers call back; false = polling. */
  webhooks?: boolean;
  env?: Record<string, string>;
  members?: FakeUser[];
  /** Also start FakeS3 and put S3_ENDPOINT, S3_BUCKET, the keys and S3_PUBLIC_URL (STORAGE) in the env. */
  storage?: boolean;
  /** The guild's upload limit per file in bytes (default Discord's 10 MiB), sent as `attachment_size_limit`. */
  attachmentSizeLimit?: number;
}

/** Starts the local Discord-compatible and Runware-compatible servers (and FakeS3 with `storage`). */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const discord = await FakeDiscord.start({
    botToken: BOT_TOKEN,
    applicationId: IDS.app,
    guilds: [
      {
        id: IDS.guild,
        name: 'Studio',
        channels: [
          { id: IDS.channel, name: 'videos' },
          { id: IDS.otherChannel, name: 'trailers' },
        ],
        members: options.members ?? [
          { id: IDS.alice, username: 'alice' },
          { id: IDS.bob, username: 'bob' },
        ],
        ...(options.attachmentSizeLimit !== undefined ? { attachmentSizeLimit: options.attachmentSizeLimit } : {}),
      },
    ],
  });
  const runware = await FakeRunware.start({ apiKey: RUNWARE_KEY });
  const s3 = options.storage
    ? await FakeS3.start({ accessKeyId: STORAGE.accessKeyId, secretAccessKey: STORAGE.secretAccessKey, bucket: STORAGE.bucket })
    : undefined;
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'kling-bot-'));
  const env: Record<string, string> = {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: IDS.app,
    DISCORD_API_URL: discord.apiUrl,
    RUNWARE_API_KEY: RUNWARE_KEY,
    RUNWARE_API_URL: runware.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    STORE_URL: `sqlite://${join(dataDir, 'bot.sqlite')}`,
    LOG_LEVEL: 'debug',
    POLL_INTERVAL_SECONDS: '0.1',
    POLL_MAX_INTERVAL_SECONDS: '0.3',
    PROVIDER_RETRIES: '3',
    PROVIDER_RETRY_MIN_MS: '20',
    ALLOW_HTTP_MEDIA_URLS: 'true',
    ...(options.webhooks === false ? {} : { PUBLIC_URL: `http://127.0.0.1:${port}` }),
    ...(s3
      ? {
          S3_ENDPOINT: s3.url,
          S3_BUCKET: STORAGE.bucket,
          S3_ACCESS_KEY_ID: STORAGE.accessKeyId,
          S3_SECRET_ACCESS_KEY: STORAGE.secretAccessKey,
          S3_PUBLIC_URL: STORAGE.publicUrl,
        }
      : {}),
    ...options.env,
  };
  const logs: Array<Record<string, unknown>> = [];
  return {
    discord,
    runware,
    ...(s3 ? { s3 } : {}),
    logs,
    env,
    close: async () => {
      await s3?.close();
      await runware.close();
      await discord.close();
    },
  };
}

/** Runs the bot in this process (composition root, real discord.js client, real HTTP). */
export async function startBotIn(world: World, extraEnv: Record<string, string> = {}): Promise<RunningBot> {
  const config = loadConfig({ ...world.env, ...extraEnv });
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        world.logs.push(JSON.parse(line) as Record<string, unknown>);
        if (process.env.BOT_LOG) process.stderr.write(`${line}\n`); // BOT_LOG=1 npx vitest … shows the bot's log
      }
      done();
    },
  });
  return startApp(await buildApp(config, { log: createLogger(config.LOG_LEVEL, sink) }));
}

/** A bot process: its output lines, and its JSON log lines parsed. */
export type BotChild = ChildProcess & { name: string; output: string[]; logs: Array<Record<string, unknown>> };

export interface SpawnOptions {
  /** Settings for this process on top of the world's (e.g. its own PORT). */
  env?: Record<string, string>;
  /** How the tests name it in what they print. */
  name?: string;
}

/**
 * Runs the bot's entry point as a child process (for kill -9, SIGTERM and several-process tests): the
 * TypeScript source by default, or other node arguments (the benchmark runs exactly what `npm start`
 * runs). Resolves once it logged that it is ready.
 */
export async function spawnBot(
  world: World,
  nodeArgs = ['--disable-warning=ExperimentalWarning', resolve('src/main.ts')],
  options: SpawnOptions = {},
): Promise<BotChild> {
  const child = spawn(process.execPath, nodeArgs, {
    env: { PATH: process.env.PATH ?? '', ...world.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as BotChild;
  child.name = options.name ?? `bot-${child.pid}`;
  child.output = [];
  child.logs = [];
  const keep = (line: string) => {
    if (!line.trim()) return;
    child.output.push(line);
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      world.logs.push(parsed);
      child.logs.push(parsed);
    } catch {
      /* not JSON (e.g. a crash trace): kept in output */
    }
  };
  // A chunk may end inside a line: keep the rest until its newline arrives.
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(keep);
    });
    stream?.on('end', () => keep(partial));
  }
  await waitUntil(() => child.output.some((l) => l.includes('"msg":"ready')) || child.exitCode !== null, 'bot process ready', 20_000);
  if (child.exitCode !== null) throw new Error(`bot exited early:\n${child.output.join('\n')}`);
  return child;
}

/** Sends a signal (SIGTERM by default) and resolves with how the process ended. */
export async function stopBot(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, sig) => r({ code, signal: sig })));
  child.kill(signal);
  return exited;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
