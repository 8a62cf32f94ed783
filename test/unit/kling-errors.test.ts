import { describe, expect, it } from 'vitest';
import { isDuplicateExternalId, isNotFoundAnswer, klingError, KlingNoModelAccess, readEnvelope } from '../../src/providers/kling/kling-errors.ts';
import { statusForCode } from '../support/kling/wire.ts';

const error = (code: number, message = 'details') => klingError(statusForCode(code), { code, message, requestId: 'req-1' });

describe('klingError maps Kling codes (their error table)', () => {
  const table: Array<[number[], string, boolean]> = [
    [[1000, 1001, 1002, 1003, 1004], 'auth', false],
    [[1100, 1101, 1102], 'balance', false],
    [[1103], 'auth', false],
    [[1200, 1201], 'invalid_parameter', false],
    [[1202, 1203], 'not_found', false],
    [[1300, 1301], 'content_policy', false],
    [[1302, 1303], 'rate_limit', true],
    [[1304], 'auth', false],
    [[5000, 5001, 5002], 'server', true],
  ];
  for (const [codes, kind, retryable] of table) {
    it(`${codes.join('/')} → ${kind}${retryable ? ', retryable' : ''}`, () => {
      for (const code of codes) {
        const mapped = error(code);
        expect(mapped.kind, String(code)).toBe(kind);
        expect(mapped.retryable, String(code)).toBe(retryable);
        expect(mapped.code).toBe(String(code));
        expect(mapped.status).toBe(statusForCode(code));
      }
    });
  }

  it('keeps Kling’s message in the log detail only', () => {
    const mapped = error(1201, 'secret internal reason xyz');
    expect(mapped.message).toContain('secret internal reason xyz');
    expect(mapped.message).toContain('req-1');
    expect(mapped.userMessage).not.toContain('xyz');
  });

  it('1103 says plainly that the account has no access to that model', () => {
    const mapped = error(1103);
    expect(mapped).toBeInstanceOf(KlingNoModelAccess);
    expect(mapped.kind).toBe('auth');
    expect(mapped.userMessage).toMatch(/no access to that model/);
  });

  it('names the /video option when a 1201 message mentions exactly one field', () => {
    expect(error(1201, 'duration value is illegal').userMessage).toBe('The provider rejected the `duration` setting of this request.');
    expect(error(1201, 'invalid negative_prompt').parameter).toBe('negative_prompt');
    expect(error(1201, 'multi_prompt duration sum mismatch').parameter).toBeUndefined();
    expect(error(1201, 'prompt and aspect_ratio are wrong').parameter).toBe('aspect_ratio');
    expect(error(1200, 'bad request').parameter).toBeUndefined();
  });

  it('falls back to the HTTP status when the body has no code', () => {
    expect(klingError(429, {}).kind).toBe('rate_limit');
    expect(klingError(429, {}).retryable).toBe(true);
    expect(klingError(502, { message: 'bad gateway' }).kind).toBe('server');
    expect(klingError(401, {}).kind).toBe('auth');
    expect(klingError(200, {}).kind).toBe('unknown');
  });
});

describe('envelope helpers', () => {
  it('reads {code,message,request_id,data}, numeric-string codes, and text bodies', () => {
    expect(readEnvelope({ code: 0, message: 'SUCCEED', request_id: 'r', data: { task_id: '1' } })).toEqual({
      code: 0,
      message: 'SUCCEED',
      requestId: 'r',
      data: { task_id: '1' },
    });
    expect(readEnvelope({ code: '1303' }).code).toBe(1303);
    expect(readEnvelope('<html>bad gateway</html>')).toEqual({ message: '<html>bad gateway</html>' });
    expect(readEnvelope(null)).toEqual({});
  });

  it('recognises "task not found" in every form Kling might use', () => {
    expect(isNotFoundAnswer(404, { code: 1203 })).toBe(true);
    expect(isNotFoundAnswer(400, { code: 1202 })).toBe(true);
    expect(isNotFoundAnswer(404, {})).toBe(true);
    expect(isNotFoundAnswer(400, { code: 1201, message: 'task does not exist' })).toBe(true);
    expect(isNotFoundAnswer(400, { code: 1201, message: 'duration is illegal' })).toBe(false);
    expect(isNotFoundAnswer(500, { code: 5000 })).toBe(false);
  });

  it('recognises a duplicate external_task_id', () => {
    expect(isDuplicateExternalId({ code: 1201, message: 'external_task_id abc already exists' })).toBe(true);
    expect(isDuplicateExternalId({ code: 1201, message: 'duration is illegal' })).toBe(false);
    expect(isDuplicateExternalId({ code: 1303, message: 'external_task_id already exists' })).toBe(false);
  });
});
