// The world of the "results" and "several processes" parts: fake Discord with its rate limits on, FakeRunware,
// a store, and open tasks made by /video a minute ago (interaction answered, status shown, price reserved)
// whose result webhooks the driver then sends.
import type { Task } from '../../src/domain/task.ts';
import type { Database } from '../../src/store/database.ts';
import { spawnBot, type BotProcess } from '../lib/bot-process.ts';
import type { Delivery } from '../lib/driver.ts';
import { RestWatch } from '../lib/rest-watch.ts';
import { openTask, registerAtRunware, resultBody, seedInteractions, webhookPath, type SeededInteraction } from '../lib/seed.ts';
import { insertTasks, postedCount, setServer } from '../lib/store.ts';
import { until } from '../lib/stats.ts';
import { freePort, IDS, type BenchWorld, type Place } from '../lib/world.ts';

export interface Seeded {
  tasks: Task[];
  deliveries: Delivery[];
}

/**
 * Interactions answered ahead of time, before any bot connects (the bench's own gateway session gets
 * them), so seeding never runs through a bot under test; tasks then take them as they are stored.
 */
export class InteractionPool {
  readonly #world: BenchWorld;
  readonly #ready: Array<{ place: Place; interaction: SeededInteraction }> = [];
  #made = 0;

  constructor(world: BenchWorld) {
    this.#world = world;
  }

  async make(count: number): Promise<void> {
    const places = Array.from({ length: count }, (_, i) => this.#world.place(this.#made + i));
    this.#made += count;
    const made = await seedInteractions(this.#world, places);
    places.forEach((place, i) => this.#ready.push({ place, interaction: made[i] as SeededInteraction }));
  }

  get left(): number {
    return this.#ready.length;
  }

  take(count: number): Array<{ place: Place; interaction: SeededInteraction }> {
    if (count > this.#ready.length) throw new Error(`interaction pool: ${count} wanted, ${this.#ready.length} left`);
    return this.#ready.splice(0, count);
  }
}

let counter = 0;

/**
 * `count` open tasks spread over the world's channels and members (interactions from `pool`), stored and
 * known to FakeRunware; their webhook bodies are made when sent. `tokens: 'expired'` stores them as the
 * bot would 15 minutes after the /video (it then posts with the bot token; the fake refuses the old token too).
 */
export async function seedOpen(
  world: BenchWorld,
  database: Database,
  pool: InteractionPool,
  count: number,
  tokens: 'valid' | 'expired' = 'valid',
): Promise<Seeded> {
  const first = counter;
  counter += count;
  const tasks = pool.take(count).map(({ place, interaction: seeded }, i) => {
    if (tokens === 'expired') world.discord.expireInteractionToken(seeded.id);
    const interaction = { ...seeded, expiresAt: tokens === 'expired' ? Date.now() - 60_000 : seeded.expiresAt };
    return openTask(first + i, place, { interaction });
  });
  await insertTasks(database, tasks);
  registerAtRunware(world.runware, tasks);
  const deliveries: Delivery[] = tasks.map((task) => ({ taskId: task.id, path: webhookPath(task), body: () => resultBody(world.runware, task) }));
  return { tasks, deliveries };
}

/** Starts `n` bot processes (npm start) on one store; the first is started alone so it takes the gateway. */
export async function startBots(world: BenchWorld, storeUrl: string, n: number, extra: Record<string, string> = {}): Promise<BotProcess[]> {
  const bots: BotProcess[] = [];
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    bots.push(await spawnBot({ env: world.env(port, storeUrl, extra), port, logDir: world.dir }));
  }
  return bots;
}

/** A store every part of the bot can share: the server's member running limit off (seeded tasks never run at the provider). */
export async function prepareStore(database: Database): Promise<void> {
  await setServer(database, IDS.guild, { maxRunning: 0 });
}

/** Waits (bounded) until every task's outcome is recorded in the store; resolves with how many were. */
export async function drained(database: Database, tasks: Task[], limitMs: number): Promise<number> {
  const ids = tasks.map((t) => t.id);
  let posted = 0;
  await until(async () => (posted = await postedCount(database, ids)) === ids.length, limitMs, 20);
  return posted;
}

export function watchOf(world: BenchWorld): RestWatch {
  return new RestWatch(world.discord);
}
