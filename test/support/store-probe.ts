// What a test reads and sets in the bot's store from outside the bot processes: a server budget,
// server settings, the ledger and the tasks' delivery state.
import { openDatabase, type Database } from '../../src/store/database.ts';
import { GuildSettings, type ServerSettings } from '../../src/store/guild-settings.ts';
import { openKeyv } from '../../src/store/sql-keyv-store.ts';

export interface ChargeRow {
  taskId: string;
  state: string;
  reservedMicros: number;
  chargedMicros: number | null;
}

export class StoreProbe {
  readonly database: Database;

  constructor(storeUrl: string) {
    this.database = openDatabase(storeUrl);
  }

  /** A server budget (a shared pool for the whole period `total`), as `/budget set` would store it. */
  async setServerBudget(guildId: string, usd: number): Promise<void> {
    const limit = Math.round(usd * 1_000_000);
    await this.database.db
      .insertInto('budgets')
      .values({
        id: `server-${guildId}`,
        guild_id: guildId,
        scope: 'server',
        target_id: guildId,
        period: 'total',
        limit_micros: limit,
        set_by: 'test',
        updated_at: Date.now(),
      })
      .onConflict((c) => c.column('id').doUpdateSet({ limit_micros: limit, updated_at: Date.now() }))
      .execute();
  }

  async updateServer(guildId: string, change: Partial<ServerSettings>): Promise<void> {
    await new GuildSettings(openKeyv(this.database.db)).updateServer(guildId, change);
  }

  async charges(): Promise<ChargeRow[]> {
    const rows = await this.database.db.selectFrom('charges').select(['task_id', 'state', 'reserved_micros', 'charged_micros']).orderBy('task_id').execute();
    return rows.map((r) => ({
      taskId: r.task_id,
      state: r.state,
      reservedMicros: Number(r.reserved_micros),
      chargedMicros: r.charged_micros === null ? null : Number(r.charged_micros),
    }));
  }

  /** Ledger movements by kind (reserve, settle, release, …). */
  async entries(): Promise<Map<string, number>> {
    const rows = await this.database.db.selectFrom('ledger_entries').select(['kind']).execute();
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.kind, (counts.get(row.kind) ?? 0) + 1);
    return counts;
  }

  /** Every task's id, status, whether its outcome is recorded, and who holds a lease on it. */
  async tasks(): Promise<Array<{ id: string; status: string; resultMessageId?: string; leaseOwner: string | null }>> {
    const rows = await this.database.db.selectFrom('tasks').select(['id', 'status', 'data', 'lease_owner']).orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      resultMessageId: (JSON.parse(r.data) as { resultMessageId?: string }).resultMessageId,
      leaseOwner: r.lease_owner,
    }));
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
