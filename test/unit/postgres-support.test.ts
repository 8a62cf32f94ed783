// test/support/postgres.ts decides whether PostgreSQL tests run: skipped where nothing answers, but
// with REQUIRE_POSTGRES=1 (.ci/run) an unreachable PostgreSQL must fail the run, never skip silently.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/postgres.ts';

const UNREACHABLE = 'postgres://nobody@127.0.0.1:1/none';
const available = await postgresAvailable();

/** Loads test/support/postgres.ts in a fresh process, as a test file's top-level await does, and asks it. */
function ask(env: Record<string, string>) {
  const source = pathToFileURL(resolve('test/support/postgres.ts')).href;
  const script = `const { postgresAvailable } = await import(${JSON.stringify(source)}); console.log('available:', await postgresAvailable());`;
  const { REQUIRE_POSTGRES: _r, TEST_DATABASE_URL: _t, ...inherited } = process.env;
  return spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script], {
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

describe('test/support/postgres.ts', () => {
  it('REQUIRE_POSTGRES=1 with an unreachable PostgreSQL: loading a PostgreSQL test fails, naming the address', () => {
    const run = ask({ REQUIRE_POSTGRES: '1', TEST_DATABASE_URL: UNREACHABLE });
    expect(run.status).not.toBe(0);
    expect(run.stdout).not.toContain('available:');
    expect(run.stderr).toContain(`REQUIRE_POSTGRES=1 but PostgreSQL at ${UNREACHABLE} is not reachable`);
  });

  it('without REQUIRE_POSTGRES the same PostgreSQL tests are skipped, with one line saying why', () => {
    const run = ask({ TEST_DATABASE_URL: UNREACHABLE });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('available: false');
    expect(run.stderr).toContain(`PostgreSQL tests skipped: nothing answers at ${UNREACHABLE}`);
  });

  it.skipIf(!available)('REQUIRE_POSTGRES=1 with PostgreSQL answering: the tests run', () => {
    const run = ask({ REQUIRE_POSTGRES: '1', ...(process.env.TEST_DATABASE_URL ? { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL } : {}) });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('available: true');
  });
});
