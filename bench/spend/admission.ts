// Issue "spend control": admission latency with the reservation, budgets set. /video commands go out
// through the fake gateway at a steady pace (open loop) to `npm start`; each is timed to its
// acknowledgement (the deferred reply the fake records) and to its submission at Runware, which comes
// right after the reservation and the task are committed in one transaction (src/flow/task-submitter.ts
// start → admission.admit → submit), so it bounds "stored" from above. SQLite, then PostgreSQL.
import { performance } from 'node:perf_hooks';
import { spawnBot } from '../lib/bot-process.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { RestWatch } from '../lib/rest-watch.ts';
import { ms, sleep, summarize, type Summary } from '../lib/stats.ts';
import { newStore, setBudgets, setServer } from '../lib/store.ts';
import { freePort, IDS, startWorld, type BenchWorld } from '../lib/world.ts';

const COMMANDS = Number(process.env.BENCH_ADMISSION_COMMANDS ?? 300);
const WARMUP = 20;
const INTERVAL_MS = 40;

/** When FakeRunware received each take's submission (its prompt ends in "take N"). */
function watchSubmissions(world: BenchWorld): Map<number, number> {
  const seen = new Map<number, number>();
  const received = world.runware.received;
  const push = received.push.bind(received);
  received.push = (...items) => {
    const at = performance.now();
    for (const r of items) {
      for (const task of Array.isArray(r.body) ? r.body : []) {
        const take = /take (\d+)$/.exec(String((task as { positivePrompt?: unknown }).positivePrompt ?? ''))?.[1];
        if (take !== undefined && !seen.has(Number(take))) seen.set(Number(take), at);
      }
    }
    return push(...items);
  };
  return seen;
}

async function measure(kind: 'sqlite' | 'postgres', world: BenchWorld, watch: RestWatch, submitted: Map<number, number>, first: number) {
  const store = await newStore(kind, world.dir, `admission-${kind}`);
  await setServer(store.database, IDS.guild, { maxRunning: 10 });
  await setBudgets(store.database, IDS.guild, [
    { scope: 'server', target: IDS.guild, usd: 100_000 },
    ...world.channels.map((c) => ({ scope: 'channel' as const, target: c, usd: 20_000 })),
    ...world.members.map((m) => ({ scope: 'member' as const, target: m, usd: 500 })),
  ]);
  const port = await freePort();
  const bot = await spawnBot({ env: world.env(port, store.url), port, logDir: world.dir });
  const acks: number[] = [];
  const stored: number[] = [];
  let deferred = 0;
  try {
    const send = async (from: number, count: number, keep: boolean) => {
      const pending: Array<Promise<void>> = [];
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        await sleep(Math.max(0, start + i * INTERVAL_MS - performance.now()));
        const take = from + i;
        const sent = performance.now();
        const { id } = world.discord.sendChatCommand({
          ...world.place(take),
          name: 'video',
          options: [{ name: 'prompt', type: 3, value: `a harbour at dawn, take ${take}` }],
        });
        pending.push(
          watch.callback(id, 15_000).then(async (ack) => {
            if (!keep || !ack) return;
            acks.push(ack.at - sent);
            if (world.discord.interactionResponses(id).callback?.type === 5) deferred += 1;
            for (let t = 0; t < 100 && !submitted.has(take); t++) await sleep(50);
            const at = submitted.get(take);
            if (at !== undefined) stored.push(at - sent);
          }),
        );
      }
      await Promise.all(pending);
    };
    await send(first, WARMUP, false);
    await send(first + WARMUP, COMMANDS, true);
    const errors = bot.errors();
    return { ack: summarize(acks), stored: summarize(stored), deferred, errors };
  } finally {
    await bot.stop();
    await store.close();
  }
}

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: true });
  const watch = new RestWatch(world.discord);
  const submitted = watchSubmissions(world);
  try {
    note(
      out,
      `${COMMANDS} /video (after ${WARMUP} warm-up), one every ${INTERVAL_MS} ms over 20 channels and 100 members; budgets: server, every channel, every member; running limit 10 a member`,
    );
    for (const [i, kind] of (['sqlite', 'postgres'] as const).entries()) {
      const r = await measure(kind, world, watch, submitted, i * 10_000);
      const line = (s: Summary) => `p50 ${ms(s.p50)} p99 ${ms(s.p99)} max ${ms(s.max)}`;
      note(
        out,
        `${kind}: acknowledged ${r.ack.n}/${COMMANDS} (${r.deferred} admitted with a deferred reply): ${line(r.ack)}; → submitted at Runware (stored before): ${r.stored.n}, ${line(r.stored)}`,
      );
      if (r.errors.length > 0) note(out, `bot logged ${r.errors.length} error line(s); first: ${r.errors[0]?.slice(0, 300) ?? ''}`);
      const name = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      figure(out, 'spend control', {
        id: `spend.admission-ack.${kind}`,
        label: `/video → acknowledged, budgets set, ${name} (p50 / p99)`,
        aim: 'p99 < 50 ms',
        value: r.ack.p99,
        text: `${ms(r.ack.p50)} / ${ms(r.ack.p99)}`,
        met: r.ack.n === COMMANDS && r.ack.p99 < 50,
        ...(kind === 'sqlite' ? { before: '1.5 ms / 3.0 ms, no budgets' } : {}),
      });
      figure(out, 'spend control', {
        id: `spend.admission-stored.${kind}`,
        label: `/video → reserved, stored and submitted, ${name} (p50 / p99)`,
        aim: 'p99 < 50 ms',
        value: r.stored.p99,
        text: `${ms(r.stored.p50)} / ${ms(r.stored.p99)}`,
        met: r.stored.n === COMMANDS && r.stored.p99 < 50,
      });
    }
  } finally {
    await world.close();
  }
}

export const admissionPart: Part = {
  name: 'admission',
  issue: 'spend control',
  about: 'admission latency with the reservation and budgets set: /video → acknowledgement and → stored (SQLite, PostgreSQL)',
  run,
};
