// Evidence, not an aim: what the store work of one webhook delivery costs as the number of open
// tasks grows. Replays the TaskStore calls the bot makes per delivery (webhook-server's get,
// TaskCompleter.apply, TaskCompleter.deliver's get/update/linkMessage/close, EtaBook.record) on a
// scratch sqlite store, and times TaskStore.openTasks() (run by the poller every second).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openKeyv } from '../src/store/open-store.ts';
import { TaskStore } from '../src/store/task-store.ts';
import { IDS } from '../test/support/bot-harness.ts';
import { queuedTask, videoUrl, type Place } from './tasks.ts';

export interface StoreCost {
  open: number;
  /** Size of the stored 'open' id list (JSON). */
  openKb: number;
  msPerDelivery: number;
  openTasksMs: number;
}

const PLACE: Place = { guildId: IDS.guild, channelId: IDS.channel, userId: IDS.alice };

export async function storeCost(openCounts: number[], deliveries = 200): Promise<StoreCost[]> {
  const costs: StoreCost[] = [];
  for (const open of openCounts) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
    const { keyv, close } = openKeyv(`sqlite://${join(dir, 'store.sqlite')}`);
    const store = new TaskStore(keyv);
    try {
      for (let i = 0; i < open; i++) await store.create(queuedTask(i, PLACE));
      const tasks = Array.from({ length: deliveries }, (_, i) => queuedTask(open + i, PLACE));
      for (const task of tasks) await store.create(task);
      const openKb = JSON.stringify(await store.openIds()).length / 1024;
      let messageId = 1_400_000_000_000_000_000n;
      const start = performance.now();
      for (const task of tasks) {
        messageId += 1n;
        await store.get(task.id);
        await store.update(task.id, (t) => ({
          ...t,
          status: 'succeeded',
          results: [{ id: `v-${t.id}`, url: videoUrl(t.id), costUsd: 0.42 }],
          completedAt: Date.now(),
        }));
        await store.get(task.id);
        await store.update(task.id, (t) => ({ ...t, resultMessageId: messageId.toString(), deliveredByDm: false }));
        await store.linkMessage(messageId.toString(), task.id);
        await store.close(task.id);
        await store.setValue(`eta:${task.request.model}:${task.request.duration}`, { samples: 10, meanMs: 90_000 });
      }
      const msPerDelivery = (performance.now() - start) / deliveries;
      const scanStart = performance.now();
      await store.openTasks();
      costs.push({ open, openKb, msPerDelivery, openTasksMs: performance.now() - scanStart });
    } finally {
      close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return costs;
}
