// The bench's world: the fake Discord (one server, 20 channels, 100 members; Discord's rate limits on
// unless told otherwise) and the fake providers from test/support, all on 127.0.0.1, plus the
// environment the bot gets to use them (schema defaults for every timer, as in production).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_TOKEN, IDS, RUNWARE_KEY } from '../../test/support/bot-harness.ts';
import { FakeDiscord, GatewayProbe } from '../../test/support/discord/index.ts';
import { FakeImini } from '../../test/support/imini/index.ts';
import { FakeKling } from '../../test/support/kling/index.ts';
import { freePort } from '../../test/support/ports.ts';
import { FakeRunware } from '../../test/support/runware/index.ts';

export { BOT_TOKEN, IDS };
export const KLING_KEYS = { accessKey: 'bench-ak', secretKey: 'bench-sk' };
export const IMINI_KEY = 'bench-imini-key';

export interface Place {
  guildId: string;
  channelId: string;
  userId: string;
}

export interface WorldOptions {
  channels?: number;
  members?: number;
  /** Discord's limits at the fake (50 req/s per token, 5 messages / 5 s per channel). Default on. */
  rateLimits?: boolean;
  kling?: boolean;
  imini?: boolean;
  /** Bytes of every result video the fake providers serve (default: the fakes' 4 KiB). */
  videoBytes?: number;
}

export interface BenchWorld {
  discord: FakeDiscord;
  runware: FakeRunware;
  kling?: FakeKling;
  imini?: FakeImini;
  channels: string[];
  members: string[];
  /** A temporary directory removed on close (stores, logs). */
  dir: string;
  /** Place i: channel i mod channels, member i mod members. */
  place(i: number): Place;
  /** The bot's environment for a process listening on `port` (webhook mode: PUBLIC_URL is that port; `extra` overrides). */
  env(port: number, storeUrl: string, extra?: Record<string, string>): Record<string, string>;
  /** A gateway session of the bench's own, so interactions can be sent while no bot is connected. */
  probe(): Promise<GatewayProbe>;
  close(): Promise<void>;
}

const snowflake = (base: string, i: number) => `${base}${String(i + 1).padStart(3, '0')}`;

export async function startWorld(options: WorldOptions = {}): Promise<BenchWorld> {
  const channels = Array.from({ length: options.channels ?? 20 }, (_, i) => snowflake('300000000000000', i));
  const members = Array.from({ length: options.members ?? 100 }, (_, i) => snowflake('400000000000000', i));
  const discord = await FakeDiscord.start({
    botToken: BOT_TOKEN,
    applicationId: IDS.app,
    rateLimits: options.rateLimits ?? true,
    guilds: [
      {
        id: IDS.guild,
        name: 'Studio',
        channels: channels.map((id, i) => ({ id, name: `videos-${i + 1}` })),
        members: members.map((id, i) => ({ id, username: `member${i + 1}` })),
      },
    ],
  });
  const videoBytes = options.videoBytes;
  const runware = await FakeRunware.start({ apiKey: RUNWARE_KEY, videoBytes });
  const kling = options.kling ? await FakeKling.start({ ...KLING_KEYS, videoBytes }) : undefined;
  const imini = options.imini ? await FakeImini.start({ apiKey: IMINI_KEY, videoBytes }) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kling-bench-'));
  let probe: GatewayProbe | undefined;
  return {
    discord,
    runware,
    kling,
    imini,
    channels,
    members,
    dir,
    place: (i) => ({ guildId: IDS.guild, channelId: channels[i % channels.length] ?? IDS.channel, userId: members[i % members.length] ?? IDS.alice }),
    env: (port, storeUrl, extra = {}) => ({
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: IDS.app,
      DISCORD_API_URL: discord.apiUrl,
      RUNWARE_API_KEY: RUNWARE_KEY,
      RUNWARE_API_URL: runware.url,
      ...(kling ? { KLING_ACCESS_KEY: KLING_KEYS.accessKey, KLING_SECRET_KEY: KLING_KEYS.secretKey, KLING_API_URL: kling.url } : {}),
      ...(imini ? { IMINI_API_KEY: IMINI_KEY, IMINI_API_URL: imini.url } : {}),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      STORE_URL: storeUrl,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      // The fakes serve their videos over http on 127.0.0.1.
      ALLOW_HTTP_MEDIA_URLS: 'true',
      // e.g. BENCH_BOT_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof", then node bench/profile-summary.ts /tmp/prof/*.cpuprofile
      ...(process.env.BENCH_BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_BOT_NODE_OPTIONS } : {}),
      ...extra,
    }),
    probe: async () => {
      if (!probe) {
        probe = await GatewayProbe.identify(discord.wsUrl, BOT_TOKEN, 0);
        await probe.next('READY');
      }
      return probe;
    },
    close: async () => {
      await Promise.allSettled([runware.close(), kling?.close(), imini?.close()]);
      await discord.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { freePort };
