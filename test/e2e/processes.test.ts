import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alive, holders, readyz, startCluster, waitForOneHolder, type Cluster, type ClusterBot } from '../support/bot-cluster.ts';
import { IDS } from '../support/bot-harness.ts';
import { waitUntil } from '../support/ports.ts';
import { postgresAvailable } from '../support/postgres.ts';
import { StoreProbe } from '../support/store-probe.ts';
import { privateRefusal, resultsPerTask, sleep } from './cluster-helpers.ts';
import { outcomeMessages, prompt, sendVideo, textOf } from './helpers.ts';

const available = await postgresAvailable();

/** What a process may take to hold the gateway after the holder died (the requirement), and the wait after the kill before a new /video. */
const TAKEOVER_LIMIT_MS = 15_000;
const LEASE_MS = 3000; // WORK_LEASE_SECONDS in test/support/bot-cluster.ts
const PRICE_USD = 0.42; // Kling 3.0 Standard, 5 s, on Runware (src/providers/runware/runware-prices.ts)

describe.skipIf(!available)('three bot processes on one PostgreSQL', () => {
  let cluster: Cluster;
  let store: StoreProbe;
  let holder: ClusterBot;
  let taskIds: string[] = [];
  let killedAt = 0;
  let failed = false;

  beforeAll(async () => {
    // The safety poll finds a result whose webhook was lost with a killed process.
    cluster = await startCluster(3, { SAFETY_POLL_SECONDS: '2' });
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

  it('exactly one process holds the gateway; the others stand by', async () => {
    holder = await waitForOneHolder(cluster, 10_000);
    const ready = cluster.world.logs.filter((l) => String(l.msg).startsWith('ready'));
    expect(ready.map((l) => l.role).sort()).toEqual(['holder', 'standby', 'standby']);
    const reports = await Promise.all(cluster.bots.map((b) => readyz(b.port)));
    expect(reports.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(reports.map((r) => r.report.gateway).sort()).toEqual(['holder', 'standby', 'standby']);
    expect(cluster.world.discord.connectedSessions).toBe(1);
    console.log(
      `gateway holder: ${holder.name}; others: ${cluster.bots
        .filter((b) => b !== holder)
        .map((b) => b.name)
        .join(', ')}`,
    );
  });

  it('a server budget that fits 10 of 30 videos sent at once: exactly 10 reach Runware, 20 are refused privately', async () => {
    const { world } = cluster;
    await store.setServerBudget(IDS.guild, 10 * PRICE_USD);
    await store.updateServer(IDS.guild, { maxRunning: 0 });
    const sent = Array.from({ length: 30 }, (_, i) => sendVideo(world, [prompt(`burst number ${i}`)], { userId: i % 2 ? IDS.bob : IDS.alice }));
    const refused = () => sent.filter((s) => privateRefusal(world, s.id) !== undefined).length;
    await waitUntil(() => refused() + world.runware.videoRequests().length >= 30, '30 answers', 20_000);
    await sleep(500); // nothing more arrives late
    expect(world.runware.videoRequests()).toHaveLength(10);
    expect(refused()).toBe(20);
    const refusal = privateRefusal(world, sent.find((s) => privateRefusal(world, s.id))!.id);
    expect(refusal?.content).toContain("The server's total budget has $0.00 left of $4.20");
    taskIds = world.runware.videoRequests().map((r) => String(r.taskUUID));
    const charges = await store.charges();
    expect(charges.map((c) => [c.state, c.reservedMicros])).toEqual(taskIds.map(() => ['reserved', 420_000]));
  });

  it('webhooks spread over the processes while the holder is killed with -9: every result posted once, the ledger settled', async () => {
    const { world, balancer } = cluster;
    // Two results go out before the kill (one of them gets a 🔁 later).
    for (const id of taskIds.slice(0, 2)) await world.runware.completeTask(id);
    await waitUntil(() => outcomeMessages(world).length === 2, 'two results before the kill');
    // The holder dies the moment it has answered a webhook: the task is stored finished, its post not yet made.
    balancer.onAnswer = (served) => {
      if (served.upstream !== holder.port || served.status !== 200 || killedAt) return;
      killedAt = Date.now();
      holder.kill('SIGKILL');
    };
    for (const id of taskIds.slice(2)) await world.runware.completeTask(id);
    balancer.onAnswer = undefined;
    expect(killedAt, 'the holder answered one of the later webhooks and was killed').toBeGreaterThan(0);

    await waitUntil(() => outcomeMessages(world).length >= 10, 'ten results', 30_000);
    // Every task recorded as delivered, no lease left: nothing else can post.
    await waitUntil(async () => (await store.tasks()).every((t) => t.resultMessageId && !t.leaseOwner), 'deliveries recorded', 15_000);
    expect(resultsPerTask(world)).toEqual(new Map(taskIds.map((id) => [id, 1])));
    const charges = await store.charges();
    expect(charges.map((c) => [c.state, c.chargedMicros, c.reservedMicros])).toEqual(taskIds.map(() => ['charged', 420_000, 0]));
    expect(await store.entries()).toEqual(
      new Map([
        ['reserve', 10],
        ['settle', 10],
      ]),
    );

    const spread = balancer.answeredBy('/webhooks/');
    console.log(
      `webhooks answered per process port: ${JSON.stringify([...spread])}; refused by the dead one: ${balancer.served.filter((s) => s.refusedBy.length).length}`,
    );
    expect(spread.size).toBe(3);
  });

  it('another process takes the gateway within 15 s of the kill, and only one session is ever identified at once', async () => {
    const { discord } = cluster.world;
    const left = TAKEOVER_LIMIT_MS - (Date.now() - killedAt);
    await waitUntil(
      async () => discord.identifications.total >= 2 && discord.connectedSessions === 1 && (await holders(cluster.bots)).length === 1,
      'a new gateway holder',
      Math.max(left, 0),
    );
    const next = (await holders(cluster.bots))[0]!;
    const tookAt = next.logs.find((l) => l.msg === 'connected to the Discord gateway')?.time as number | undefined;
    console.log(`gateway takeover after kill -9: ${next.name} connected ${tookAt ? tookAt - killedAt : '?'} ms after the kill`);
    expect(next).not.toBe(holder);
    expect(alive(holder)).toBe(false);
    expect(discord.identifications.mostAtOnce).toBe(1);
    holder = next;
  });

  it('a /video sent 15 s after the kill is answered, and a 🔁 on a result posted before the kill runs it again', async () => {
    const { world } = cluster;
    await store.setServerBudget(IDS.guild, 20);
    await sleep(Math.max(0, killedAt + TAKEOVER_LIMIT_MS - Date.now()));
    const late = sendVideo(world, [prompt('after the crash')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'after the crash', 10_000);
    await waitUntil(() => textOf(world.discord.interactionResponses(late.id).original).includes('after the crash'), 'its status message');
    await world.runware.completeTask(String(request.taskUUID));
    await waitUntil(() => resultsPerTask(world).get(String(request.taskUUID)) === 1, 'the late result');

    const early = outcomeMessages(world).find((m) => textOf(m).includes(`Task ${taskIds[0]}`))!;
    const original = world.runware.videoRequests().find((r) => r.taskUUID === taskIds[0])!;
    expect(world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: early.id, userId: IDS.bob, emoji: '🔁' })).toBe(1);
    const rerun = await world.runware.waitForVideoTask((r) => r.positivePrompt === original.positivePrompt && r.taskUUID !== taskIds[0], 10_000);
    await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).startsWith(`🔁 <@${IDS.bob}> asked to run this again.`));
    await world.runware.completeTask(String(rerun.taskUUID));
    await waitUntil(() => resultsPerTask(world).get(String(rerun.taskUUID)) === 1, 'the rerun result');
    expect(cluster.world.discord.identifications.mostAtOnce).toBe(1);
  });

  it('a result whose post takes longer than the work lease is posted once: no other process takes the delivery over', async () => {
    const { world } = cluster;
    sendVideo(world, [prompt('a slow post')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'a slow post', 10_000);
    const taskId = String(request.taskUUID);
    await waitUntil(() => world.runware.videoTasks.has(taskId), 'Runware to accept the task');
    const posts = world.discord.holdRequests((c) => c.method === 'POST' && c.path.startsWith(`/webhooks/${IDS.app}/`));
    await world.runware.completeTask(taskId);
    await waitUntil(() => posts.count === 1, 'the result being posted');
    await sleep(3 * LEASE_MS); // Discord is slow: the post outlasts the work lease three times (each end of it lets any process claim the task)
    posts.release();
    await waitUntil(async () => (await store.tasks()).every((t) => t.resultMessageId && !t.leaseOwner), 'every delivery recorded', 15_000);
    await sleep(LEASE_MS);
    expect(posts.count).toBe(1);
    expect(resultsPerTask(world).get(taskId)).toBe(1);
  });
});
