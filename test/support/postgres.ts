import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the tests may use (CI and the development machine run one on 127.0.0.1:5432). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

/**
 * Whether PostgreSQL answers. When it does not, tests that need it are skipped with one line saying how
 * to run them; with REQUIRE_POSTGRES=1 (set by .ci/run) a missing PostgreSQL fails the run instead.
 */
export function postgresAvailable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch (error) {
      if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${TEST_DATABASE_URL} is not reachable: ${String(error)}`);
      console.warn(`PostgreSQL tests skipped: nothing answers at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL to a database you may create schemas in).`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** A fresh schema for one test file or run: the STORE_URL that uses it, and a function that drops it. */
export async function freshSchema(): Promise<{ storeUrl: string; schema: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  return {
    storeUrl: url.toString(),
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
