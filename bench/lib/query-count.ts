// Counts store reads and writes from the SQL the bot runs (buildApp's onQuery: Kysely's log hook, which
// also sees `begin` and `commit`, node_modules/kysely/dist/driver/runtime-driver.js #addLogging). A
// transaction counts as one write when it writes, as one read when it only reads; outside one, a
// select is a read and an insert, update or delete a write. On SQLite the bot has one connection, so
// the statements of a transaction arrive between its begin and commit.

export interface Counts {
  reads: number;
  writes: number;
  transactions: number;
  statements: number;
  /** Each counted unit, in order: "read: select … from "tasks" …", "write: transaction(update tasks, …)". */
  units: string[];
}

const fresh = (): Counts => ({ reads: 0, writes: 0, transactions: 0, statements: 0, units: [] });

/** "update tasks", "select keyv": the statement's verb and first table. */
function shape(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '?';
  const table = /(?:from|into|update)\s+"?(\w+)"?/i.exec(sql)?.[1] ?? '';
  return `${verb} ${table}`.trim();
}

export class QueryCounter {
  #counts = fresh();
  #transaction: string[] | undefined;

  /** Pass as buildApp's onQuery. */
  readonly onQuery = (sql: string): void => {
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '';
    const c = this.#counts;
    c.statements += 1;
    if (verb === 'begin') {
      this.#transaction = [];
      return;
    }
    if (verb === 'commit' || verb === 'rollback') {
      const inside = this.#transaction ?? [];
      this.#transaction = undefined;
      const writes = inside.some((s) => !s.startsWith('select'));
      c.transactions += 1;
      if (writes) c.writes += 1;
      else c.reads += 1;
      c.units.push(`${writes ? 'write' : 'read'}: transaction(${inside.join(', ')})${verb === 'rollback' ? ' rolled back' : ''}`);
      return;
    }
    if (this.#transaction) {
      this.#transaction.push(shape(sql));
      return;
    }
    const read = verb === 'select' || (verb === 'with' && !/\b(insert|update|delete)\b/i.test(sql));
    if (read) c.reads += 1;
    else c.writes += 1;
    c.units.push(`${read ? 'read' : 'write'}: ${shape(sql)}`);
  };

  /** What was counted since the last take (then counting starts afresh). */
  take(): Counts {
    const counts = this.#counts;
    this.#counts = fresh();
    return counts;
  }
}
