// Aim 2: /video acknowledgement latency. Chat commands go out through FakeDiscord's gateway at a
// steady pace (open loop, so a slow bot cannot slow the sender down); each one is timed from
// sendChatCommand until the fake records POST /interactions/{id}/{token}/callback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBotIn } from '../test/support/bot-harness.ts';
import { prompt, sendVideo } from '../test/e2e/helpers.ts';
import { RestWatch } from './rest-watch.ts';
import { summarize, type Summary } from './stats.ts';
import { benchWorld, observe, within } from './world.ts';

export interface InteractionOptions {
  commands: number;
  warmup: number;
  /** One command every intervalMs (open loop). */
  intervalMs: number;
  timeLimitMs: number;
}

export interface InteractionResult {
  ack: Summary;
  sent: number;
  acknowledged: number;
  /** Callback types the bot answered with (5 = deferred reply). */
  types: Map<number, number>;
  submitted: number;
  loopP99: number;
  loopMax: number;
  cpuPct: number;
  notes: string[];
}

const PROMPTS = ['a slow pan across a misty valley at sunrise', 'a knight walking through a burning village', 'a paper boat drifting down a rainy street'];

export async function runInteractionBench(options: InteractionOptions): Promise<InteractionResult> {
  const world = await benchWorld('warn');
  const dir = mkdtempSync(join(tmpdir(), 'bench-ia-'));
  const bot = await startBotIn(world, { STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` });
  const watch = new RestWatch(world.discord);
  try {
    const send = async (count: number): Promise<{ latencies: number[]; ids: string[] }> => {
      const pending: Array<Promise<number>> = [];
      const ids: string[] = [];
      const deadline = performance.now() + options.timeLimitMs;
      for (let i = 0; i < count && performance.now() < deadline; i++) {
        const sent = performance.now();
        const { id } = sendVideo(world, [prompt(`${PROMPTS[i % PROMPTS.length] ?? ''} (take ${i})`)]);
        ids.push(id);
        pending.push(watch.wait(`cb:${id}`, 10_000).then((at) => at - sent));
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, sent + options.intervalMs - performance.now())));
      }
      const latencies = await Promise.all(pending);
      return { latencies: latencies.filter((x) => !Number.isNaN(x)), ids };
    };
    await send(options.warmup);
    const submittedBefore = world.runware.videoRequests().length;
    watch.takeCounts();
    const seen = await observe(() => send(options.commands));
    const { latencies, ids } = seen.value;
    const types = new Map<number, number>();
    for (const id of ids) {
      const type = world.discord.interactionResponses(id).callback?.type ?? -1;
      types.set(type, (types.get(type) ?? 0) + 1);
    }
    return {
      ack: summarize(latencies),
      sent: ids.length,
      acknowledged: latencies.length,
      types,
      submitted: world.runware.videoRequests().length - submittedBefore,
      loopP99: seen.loopP99,
      loopMax: seen.loopMax,
      cpuPct: seen.cpuPct,
      notes: [`REST calls during the run: ${[...watch.takeCounts()].map(([k, v]) => `${k} ×${v}`).join(', ')}`],
    };
  } finally {
    await within(bot.stop(), 5_000);
    await within(world.close(), 5_000);
    rmSync(dir, { recursive: true, force: true });
  }
}
