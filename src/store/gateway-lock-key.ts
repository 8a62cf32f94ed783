import { createHash } from 'node:crypto';

/** PostgreSQL's database and schema from a STORE_URL, and the URL to connect with; undefined for SQLite. */
export function postgresTarget(storeUrl: string): { connectionString: string; database: string; schema: string } | undefined {
  if (!/^postgres(ql)?:\/\//.test(storeUrl)) return undefined;
  const url = new URL(storeUrl);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), database: decodeURIComponent(url.pathname.slice(1)) || 'postgres', schema };
}

/** A signed 64-bit lock key from a name (advisory locks take a bigint). */
export function lockKeyFor(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
