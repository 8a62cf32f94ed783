import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { KlingAuth } from '../../src/providers/kling/kling-auth.ts';
import { checkAuthorization } from '../support/kling/auth-check.ts';

const T0 = 1_790_000_000; // seconds

function clock(start = T0 * 1000) {
  let now = start;
  return { now: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

const token = (header: string) => header.replace(/^Bearer /, '');

describe('KlingAuth', () => {
  it('signs an HS256 JWT {alg, typ} with iss = access key, exp = now+1800, nbf = now−5', async () => {
    const time = clock();
    const header = await new KlingAuth({ accessKey: 'ak-123', secretKey: 'sk-456' }, time.now).header();
    expect(header).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(decodeProtectedHeader(token(header))).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(token(header))).toEqual({ iss: 'ak-123', exp: T0 + 1800, nbf: T0 - 5 });
    const verified = await jwtVerify(token(header), new TextEncoder().encode('sk-456'), { currentDate: new Date(T0 * 1000) });
    expect(verified.payload.iss).toBe('ak-123');
  });

  it('reuses the token until less than five minutes remain, then signs a new one', async () => {
    const time = clock();
    const auth = new KlingAuth({ accessKey: 'ak', secretKey: 'sk' }, time.now);
    const first = await auth.header();
    time.advance(1800 - 301);
    expect(await auth.header()).toBe(first);
    time.advance(2);
    const second = await auth.header();
    expect(second).not.toBe(first);
    expect(decodeJwt(token(second)).exp).toBe(T0 + 1800 - 299 + 1800);
  });

  it('signs afresh after invalidate()', async () => {
    const time = clock();
    const auth = new KlingAuth({ accessKey: 'ak', secretKey: 'sk' }, time.now);
    const first = await auth.header();
    time.advance(1);
    auth.invalidate();
    expect(await auth.header()).not.toBe(first);
  });

  it('prefers a plain API key', async () => {
    expect(await new KlingAuth({ apiKey: 'key-1', accessKey: 'ak', secretKey: 'sk' }).header()).toBe('Bearer key-1');
  });

  it('needs an API key or both access and secret keys', () => {
    expect(() => new KlingAuth({ accessKey: 'ak' })).toThrow(/API key, or an access key and a secret key/);
  });

  it('produces tokens the fake server accepts, and the fake refuses wrong ones with Kling’s codes', async () => {
    const keys = { accessKey: 'ak', secretKey: 'sk' };
    expect(await checkAuthorization(await new KlingAuth(keys).header(), keys)).toMatchObject({ ok: true, jwt: { claims: { iss: 'ak' } } });
    expect(await checkAuthorization(await new KlingAuth({ accessKey: 'ak', secretKey: 'other' }).header(), keys)).toMatchObject({ ok: false, code: 1002 });
    expect(await checkAuthorization(await new KlingAuth({ accessKey: 'someone', secretKey: 'sk' }).header(), keys)).toMatchObject({ ok: false, code: 1002 });
    const old = clock(Date.now() - 3600_000);
    expect(await checkAuthorization(await new KlingAuth(keys, old.now).header(), keys)).toMatchObject({ ok: false, code: 1004 });
    const early = clock(Date.now() + 600_000);
    expect(await checkAuthorization(await new KlingAuth(keys, early.now).header(), keys)).toMatchObject({ ok: false, code: 1003 });
    expect(await checkAuthorization(undefined, keys)).toMatchObject({ ok: false, code: 1001 });
  });
});
