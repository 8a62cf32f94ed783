import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayLease } from '../../src/store/gateway-lease.ts';
import { capture } from '../support/log-capture.ts';
import { freshSchema, postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.ts';

const RETRY_MS = 100;
const WAIT = { timeout: 10_000, interval: 20 };

/** A lease with counters of its callbacks and what it logged. */
function lease(storeUrl: string, retryMs = RETRY_MS) {
  const { log, text } = capture('debug');
  const calls = { acquired: 0, lost: 0 };
  const it = new GatewayLease({ storeUrl, retryMs, log });
  const start = (onAcquired?: () => Promise<void>) => it.start(onAcquired ?? (async () => void calls.acquired++), async () => void calls.lost++);
  return { lease: it, calls, start, text };
}

const leases: GatewayLease[] = [];
afterEach(async () => {
  await Promise.all(leases.splice(0).map((l) => l.stop()));
});

describe('GatewayLease on SQLite', () => {
  it('is always held (one process owns the file) and calls onAcquired once', async () => {
    const l = lease('sqlite://./data/never-opened.sqlite');
    l.start();
    expect(l.lease.state).toBe('held');
    expect(l.lease.lockKey).toBeUndefined();
    await vi.waitFor(() => expect(l.calls.acquired).toBe(1), WAIT);
    await l.lease.stop();
    expect(l.lease.state).toBe('stopped');
    expect(l.lease.held).toBe(false);
  });
});

const available = await postgresAvailable();

describe.skipIf(!available)('GatewayLease on PostgreSQL', async () => {
  const schema = available ? await freshSchema() : undefined;
  const storeUrl = schema?.storeUrl ?? '';
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  if (available) await admin.connect();
  afterAll(async () => {
    await admin.end().catch(() => undefined);
  });

  /** The backends holding the advisory lock with this key (a bigint key is split into classid and objid). */
  async function holders(key: string | undefined): Promise<number[]> {
    const rows = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted
         AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [key],
    );
    return rows.rows.map((r) => r.pid);
  }

  async function started(retryMs = RETRY_MS) {
    const l = lease(storeUrl, retryMs);
    leases.push(l.lease);
    l.start();
    return l;
  }

  it('two leases: exactly one is held; the other stands by after trying', async () => {
    const a = await started();
    await vi.waitFor(() => expect(a.lease.state).toBe('held'), WAIT);
    const b = await started();
    await vi.waitFor(() => expect(b.text()).toContain('standing by'), WAIT);
    expect([a.lease.held, b.lease.held]).toEqual([true, false]);
    expect(b.lease.state).toBe('standby');
    expect(await holders(a.lease.lockKey)).toHaveLength(1);
    expect(a.calls).toEqual({ acquired: 1, lost: 0 });
    expect(b.calls).toEqual({ acquired: 0, lost: 0 });
  });

  it("the holder's connection terminated: it reports lost at once and the standby takes over", async () => {
    const a = await started();
    await vi.waitFor(() => expect(a.lease.held).toBe(true), WAIT);
    const b = await started();
    await vi.waitFor(() => expect(b.text()).toContain('standing by'), WAIT);
    const [pid] = await holders(a.lease.lockKey);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await vi.waitFor(() => expect(b.lease.held).toBe(true), WAIT);
    await vi.waitFor(() => expect(a.calls.lost).toBe(1), WAIT);
    expect(a.lease.state).toBe('standby');
    expect(b.calls).toEqual({ acquired: 1, lost: 0 });
    expect(await holders(a.lease.lockKey)).toHaveLength(1);
  });

  it('a holder process killed with SIGKILL: the standby takes over', async () => {
    const source = pathToFileURL(resolve('src/store/gateway-lease.ts')).href;
    const script = `import { GatewayLease } from ${JSON.stringify(source)};
      const log = { info() {}, warn() {}, error() {}, debug() {} };
      new GatewayLease({ storeUrl: process.argv[1], retryMs: 100, log }).start(async () => console.log('held'), async () => {});`;
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script, storeUrl], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      expect(chunk.toString()).toContain('held');
      const b = await started();
      await vi.waitFor(() => expect(b.text()).toContain('standing by'), WAIT);
      child.kill('SIGKILL');
      await vi.waitFor(() => expect(b.lease.held).toBe(true), WAIT);
      expect(b.calls.acquired).toBe(1);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('stop() releases the lock before it resolves; a standby then takes it', async () => {
    const a = await started();
    await vi.waitFor(() => expect(a.lease.held).toBe(true), WAIT);
    const b = await started();
    await vi.waitFor(() => expect(b.text()).toContain('standing by'), WAIT);
    await a.lease.stop();
    expect(a.lease.state).toBe('stopped');
    expect(await holders(a.lease.lockKey)).toEqual([]);
    await vi.waitFor(() => expect(b.lease.held).toBe(true), WAIT);
    expect(a.calls.lost).toBe(0);
  });

  it('stop(beforeRelease) lets a login under way finish, runs beforeRelease while the lock is held, then frees it', async () => {
    const a = lease(storeUrl);
    leases.push(a.lease);
    let finishLogin = () => undefined as void;
    const loggingIn = new Promise<void>((resolve) => (finishLogin = resolve));
    const order: string[] = [];
    a.start(async () => {
      await loggingIn;
      order.push('logged in');
    });
    await vi.waitFor(() => expect(a.lease.held).toBe(true), WAIT);
    const stopped = a.lease.stop(async () => {
      order.push(`leaving, holders: ${(await holders(a.lease.lockKey)).length}`);
    });
    finishLogin();
    await stopped;
    expect(order).toEqual(['logged in', 'leaving, holders: 1']);
    expect(await holders(a.lease.lockKey)).toEqual([]);
  });

  it('an onAcquired that fails gives the lease up (onLost runs) so another process can have it', async () => {
    const a = lease(storeUrl);
    leases.push(a.lease);
    a.start(async () => {
      throw new Error('login refused');
    });
    await vi.waitFor(() => expect(a.calls.lost).toBeGreaterThanOrEqual(1), WAIT);
    expect(a.text()).toContain('login refused');
  });

  it('the key includes the schema: installations in two schemas each hold their own lease', async () => {
    const other = await freshSchema();
    try {
      const a = await started();
      const b = lease(other.storeUrl);
      leases.push(b.lease);
      b.start();
      expect(a.lease.lockKey).not.toBe(b.lease.lockKey);
      await vi.waitFor(() => expect([a.lease.held, b.lease.held]).toEqual([true, true]), WAIT);
    } finally {
      await other.drop();
    }
  });

  afterAll(async () => {
    await schema?.drop();
  });
});
