import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alive, holders, startCluster, waitForOneHolder, type Cluster, type ClusterBot } from '../support/bot-cluster.ts';
import { IDS, stopBot } from '../support/bot-harness.ts';
import { waitUntil } from '../support/ports.ts';
import { postgresAvailable } from '../support/postgres.ts';
import { StoreProbe } from '../support/store-probe.ts';
import { resultsPerTask, sleep } from './cluster-helpers.ts';
import { prompt, sendVideo } from './helpers.ts';

const available = await postgresAvailable();

/** src/main.ts: a deploy gives a process 10 s after SIGTERM (deploy/ systemd units wait 15 s). */
const STOP_LIMIT_MS = 10_000;
const LEASE_MS = 3000;

/** Sends SIGTERM; resolves with how it ended and when, failing if it takes over 10 s. */
async function terminate(bot: ClusterBot): Promise<{ code: number | null; ms: number }> {
  const at = Date.now();
  const ended = stopBot(bot);
  let code: number | null | undefined;
  void ended.then((e) => (code = e.code));
  await waitUntil(() => code !== undefined, `${bot.name} to exit after SIGTERM`, STOP_LIMIT_MS);
  return { code: code ?? null, ms: Date.now() - at };
}

describe.skipIf(!available)('SIGTERM with work under way (two processes on one PostgreSQL)', () => {
  let cluster: Cluster;
  let store: StoreProbe;
  let failed = false;

  beforeAll(async () => {
    cluster = await startCluster(2, { SAFETY_POLL_SECONDS: '1' });
    store = new StoreProbe(cluster.storeUrl);
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });
  afterAll(async () => {
    if (failed && cluster) console.log(cluster.output());
    await store?.close();
    await cluster?.close();
  });

  it('the holder posting a result (slower than the work lease) hands the gateway over at once, finishes the post, exits within 10 s; nothing doubled', async () => {
    const { world, balancer } = cluster;
    const holder = await waitForOneHolder(cluster, 10_000);
    const standby = cluster.bots.find((b) => b !== holder)!;
    sendVideo(world, [prompt('finish me while stopping')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'finish me while stopping');
    const taskId = String(request.taskUUID);
    await waitUntil(() => world.runware.videoTasks.has(taskId), 'Runware to accept the task');
    const posts = world.discord.holdRequests((c) => c.method === 'POST' && c.path.startsWith(`/webhooks/${IDS.app}/`));
    balancer.pin = holder.port;
    await world.runware.completeTask(taskId);
    balancer.pin = undefined;
    await waitUntil(() => posts.count === 1, 'the holder posting the result');
    const heldAt = Date.now();

    const sigtermAt = Date.now();
    const stopping = terminate(holder);
    // The gateway moves while the holder is still finishing its post, not once it is done.
    await waitUntil(async () => (await holders([standby])).length === 1 && world.discord.connectedSessions === 1, 'the standby holding the gateway', 5000);
    expect(alive(holder)).toBe(true);
    console.log(`gateway moved to the standby ${Date.now() - sigtermAt} ms after SIGTERM, while the old holder was still posting`);
    const during = sendVideo(world, [prompt('asked while the old holder stops')]);
    const next = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'asked while the old holder stops', 10_000);
    expect(world.discord.interactionResponses(during.id).callback).toBeDefined();

    // Discord answers the post only after the work lease ran out twice over.
    await sleep(Math.max(0, heldAt + 2 * LEASE_MS - Date.now()));
    posts.release();
    const { code, ms } = await stopping;
    console.log(`holder stopped ${ms} ms after SIGTERM with code ${code}`);
    expect(code).toBe(0);
    await waitUntil(async () => (await store.tasks()).find((t) => t.id === taskId)?.resultMessageId !== undefined, 'the result recorded');
    await sleep(LEASE_MS + 500); // a second post would come after the lease
    expect(resultsPerTask(world).get(taskId)).toBe(1);
    expect((await store.charges()).find((c) => c.taskId === taskId)).toMatchObject({ state: 'charged', reservedMicros: 0 });
    expect(world.discord.identifications.mostAtOnce).toBe(1);

    await world.runware.completeTask(String(next.taskUUID));
    await waitUntil(() => resultsPerTask(world).get(String(next.taskUUID)) === 1, 'the result of the /video asked meanwhile');
  });
  it('a process polling a task when told to stop hands the task back; another process (or it, restarted) finishes it once', async () => {
    const { world } = cluster;
    const restarted = await cluster.restart(cluster.bots.find((b) => !alive(b))!);
    expect(restarted.logs.find((l) => String(l.msg).startsWith('ready'))?.role).toBe('standby');
    sendVideo(world, [prompt('found by polling')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'found by polling', 10_000);
    const taskId = String(request.taskUUID);
    await waitUntil(() => world.runware.videoTasks.has(taskId), 'Runware to accept the task');
    // The result comes without a webhook; the safety poll must find it. Polls are held: one is under way.
    const polls = world.runware.holdRequests((body) => JSON.stringify(body).includes('"getResponse"'));
    await world.runware.completeTask(taskId, { deliver: false });
    let owner: string | null = null;
    await waitUntil(async () => polls.count > 0 && Boolean((owner = (await store.tasks()).find((t) => t.id === taskId)?.leaseOwner ?? null)), 'a claimed poll');
    const pid = /:(\d+):[0-9a-f]+$/.exec(owner ?? '')?.[1]; // src/app.ts: owner = host:pid:random
    const poller = cluster.bots.find((b) => alive(b) && String(b.pid) === pid)!;
    expect(poller, `the claimer ${owner}`).toBeDefined();

    const { code, ms } = await terminate(poller);
    console.log(`poller stopped ${ms} ms after SIGTERM with code ${code}`);
    expect(code).toBe(0);
    polls.release();
    await waitUntil(() => resultsPerTask(world).get(taskId) === 1, 'the polled result', 15_000);
    await waitUntil(async () => (await store.tasks()).every((t) => t.resultMessageId && !t.leaseOwner), 'every delivery recorded', 15_000);
    await sleep(LEASE_MS + 500);
    expect(resultsPerTask(world).get(taskId)).toBe(1);
    expect((await store.charges()).filter((c) => c.state !== 'charged')).toEqual([]);
  });
});
