import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Task } from '../../domain/task.ts';
import type { Schema } from '../schema.ts';
import { taskColumns, taskData } from '../task-rows.ts';

/**
 * Versions before 0.2 kept everything in the key-value table (keyv keys `bot::task:<id>`,
 * `bot::msg:<message>`, `bot::media:<sha256>` with base64 bytes, and the `open`/`jobs:` id lists).
 * This moves tasks, message links and media into their tables, once, and drops the lists.
 */
export function legacyKeyvMigration(now: () => number = Date.now): Migration {
  return {
    async up(untyped: Kysely<unknown>) {
      const db = untyped as Kysely<Schema>;
      const startedAt = now();
      for await (const rows of batches(db, 'bot::task:')) {
        const tasks = rows.map((r) => (JSON.parse(r.value) as { value: Task }).value).filter((t) => t && typeof t.id === 'string');
        if (tasks.length === 0) continue;
        await db
          .insertInto('tasks')
          .values(
            tasks.map((task) => ({
              id: task.id,
              ...taskColumns(task),
              // Undelivered tasks are looked at once at the first start of this version.
              due_at: task.resultMessageId === undefined ? startedAt : null,
              lease_owner: null,
              lease_until: null,
              version: 1,
              data: taskData(task),
            })),
          )
          .onConflict((c) => c.column('id').doNothing())
          .execute();
      }
      for await (const rows of batches(db, 'bot::msg:')) {
        const links = rows.map((r) => ({ message_id: r.key.slice('bot::msg:'.length), task_id: String((JSON.parse(r.value) as { value: string }).value) }));
        await db
          .insertInto('message_links')
          .values(links)
          .onConflict((c) => c.column('message_id').doNothing())
          .execute();
      }
      const elementMedia = new Set<string>();
      for await (const rows of batches(db, 'bot::element:')) {
        for (const row of rows)
          for (const id of JSON.stringify(JSON.parse(row.value)).match(/"mediaId":"([0-9a-f]{64})"/g) ?? []) elementMedia.add(id.slice(11, -1));
      }
      for await (const rows of batches(db, 'bot::media:', 50)) {
        for (const row of rows) {
          const media = (JSON.parse(row.value) as { value: LegacyMedia }).value;
          const id = row.key.slice('bot::media:'.length);
          const bytes = Buffer.from(media.base64, 'base64');
          await db
            .insertInto('media')
            .values({
              id,
              content_type: media.contentType,
              bytes,
              size: bytes.byteLength,
              created_at: startedAt,
              used_at: startedAt,
              pinned: elementMedia.has(id) ? 1 : 0,
            })
            .onConflict((c) => c.column('id').doNothing())
            .execute();
          const copies = Object.entries(media.providerCopies ?? {}).map(([provider, copy]) => ({
            media_id: id,
            provider,
            copy_id: typeof copy === 'string' ? copy : copy.id,
            made_at: typeof copy === 'string' ? 0 : copy.at,
          }));
          if (copies.length > 0)
            await db
              .insertInto('media_copies')
              .values(copies)
              .onConflict((c) => c.columns(['media_id', 'provider']).doNothing())
              .execute();
        }
      }
      await db
        .deleteFrom('keyv')
        .where((eb) =>
          eb.or([
            eb('key', 'like', 'bot::task:%'),
            eb('key', 'like', 'bot::msg:%'),
            eb('key', 'like', 'bot::media:%'),
            eb('key', 'like', 'bot::jobs:%'),
            eb('key', '=', 'bot::open'),
          ]),
        )
        .execute();
    },
  };
}

interface LegacyMedia {
  contentType: string;
  base64: string;
  providerCopies?: Record<string, string | { id: string; at: number }>;
}

/** Key-value rows under a prefix, a batch at a time (an installation may hold 100,000 tasks). */
async function* batches(db: Kysely<Schema>, prefix: string, size = 500): AsyncGenerator<Array<{ key: string; value: string }>> {
  let after = prefix;
  for (;;) {
    const rows = await db
      .selectFrom('keyv')
      .select(['key', 'value'])
      .where('key', '>', after)
      .where('key', '<', `${prefix}\x7f`)
      .orderBy('key')
      .limit(size)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.key;
  }
}
