import { describe, expect, it } from 'vitest';
import { CallbackRejected, type CallbackInput } from '../../src/providers/provider.ts';
import { KlingProvider } from '../../src/providers/kling/kling-provider.ts';
import { signatureProblem, webhookSignature } from '../../src/providers/kling/kling-signature.ts';
import { signatureHeaders } from '../support/kling/wire.ts';

const SECRET = `whsec_${Buffer.from('a webhook secret of 32 bytes....').toString('base64')}`;
const NOW = 1_790_000_000_000;

function provider(webhookSecret?: string): KlingProvider {
  return new KlingProvider({ apiUrl: 'http://127.0.0.1:9', accessKey: 'ak', secretKey: 'sk', unitPriceUsd: 0.14, webhookSecret, now: () => NOW });
}

function input(body: unknown, headers: CallbackInput['headers'] = {}): CallbackInput {
  return { headers, rawBody: JSON.stringify(body), body };
}

const legacy = (status: string, extra: Record<string, unknown> = {}) => ({
  task_id: '860000123',
  task_status: status,
  task_status_msg: '',
  created_at: 1,
  updated_at: 2,
  task_info: { external_task_id: 'our-task-1' },
  ...extra,
});

describe('parseCallback: the legacy payload', () => {
  const kling = provider();

  it('submitted → queued, processing → generating, keyed by our external_task_id', () => {
    expect(kling.parseCallback(input(legacy('submitted')))).toEqual([{ kind: 'progress', providerTaskId: 'our-task-1', status: 'queued' }]);
    expect(kling.parseCallback(input(legacy('processing')))).toEqual([{ kind: 'progress', providerTaskId: 'our-task-1', status: 'generating' }]);
  });

  it('succeed → complete results with the cost from final_unit_deduction × unit price', () => {
    const body = legacy('succeed', {
      final_unit_deduction: '3',
      task_result: { videos: [{ id: 'v1', url: 'https://cdn.klingai.com/v1.mp4', duration: '5.1' }] },
    });
    expect(kling.parseCallback(input(body))).toEqual([
      {
        kind: 'results',
        providerTaskId: 'our-task-1',
        complete: true,
        results: [{ id: 'v1', url: 'https://cdn.klingai.com/v1.mp4' }],
        cost: { usd: 0.42, units: 3, estimated: false },
      },
    ]);
  });

  it('succeed without units leaves the cost to the estimate; without a video it is a failure', () => {
    const [withoutUnits] = kling.parseCallback(input(legacy('succeed', { task_result: { videos: [{ id: 'v', url: 'https://x/v.mp4' }] } })));
    expect(withoutUnits).toMatchObject({ kind: 'results', complete: true, cost: undefined });
    expect(kling.parseCallback(input(legacy('succeed')))[0]).toMatchObject({ kind: 'failed', failure: { kind: 'unknown' } });
  });

  it('failed with content-safety wording → content_policy; anything else → unknown; Kling text in detail only', () => {
    const [safety] = kling.parseCallback(input(legacy('failed', { task_status_msg: 'Failure to pass the risk control system' })));
    expect(safety).toMatchObject({ kind: 'failed', providerTaskId: 'our-task-1', failure: { kind: 'content_policy' } });
    const [other] = kling.parseCallback(input(legacy('failed', { task_status_msg: 'internal pipeline 42 crashed' })));
    expect(other).toMatchObject({ kind: 'failed', failure: { kind: 'unknown', userMessage: 'The video provider could not make this video.' } });
    expect(other?.kind === 'failed' && other.failure.detail).toContain('internal pipeline 42 crashed');
  });

  it('falls back to Kling’s task_id without an external id, and unwraps a {code,data} envelope', () => {
    expect(kling.parseCallback(input({ task_id: 'k-9', task_status: 'processing' }))[0]?.providerTaskId).toBe('k-9');
    expect(kling.parseCallback(input({ code: 0, message: 'SUCCEED', data: legacy('processing') }))[0]?.providerTaskId).toBe('our-task-1');
  });

  it('throws (→ 400) on a body it cannot read, and ignores unknown statuses', () => {
    expect(() => kling.parseCallback(input({ hello: 'world' }))).toThrow(/no task/);
    expect(() => kling.parseCallback(input(null))).toThrow();
    expect(kling.parseCallback(input(legacy('paused')))).toEqual([]);
  });
});

describe('parseCallback: the new-design payload', () => {
  const kling = provider();
  const newDesign = (status: string, extra: Record<string, unknown> = {}) => ({
    id: 'k-77',
    status,
    message: '',
    external_id: 'our-task-2',
    create_time: 1,
    update_time: 2,
    ...extra,
  });

  it('maps statuses and reads outputs and billing', () => {
    expect(kling.parseCallback(input(newDesign('processing')))).toEqual([{ kind: 'progress', providerTaskId: 'our-task-2', status: 'generating' }]);
    const body = newDesign('succeeded', {
      outputs: [
        { type: 'video', id: 'o1', url: 'https://cdn/o1.mp4', watermark_url: 'https://cdn/o1-wm.mp4', duration: '10' },
        { type: 'image', id: 'cover', url: 'https://cdn/c.png' },
      ],
      billing: [{ type: 'video_unit', amount: '4' }],
    });
    expect(kling.parseCallback(input(body))).toEqual([
      {
        kind: 'results',
        providerTaskId: 'our-task-2',
        complete: true,
        results: [{ id: 'o1', url: 'https://cdn/o1.mp4' }],
        cost: { usd: 0.56, units: 4, estimated: false },
      },
    ]);
    expect(kling.parseCallback(input(newDesign('failed', { message: 'sensitive content detected' })))[0]).toMatchObject({
      kind: 'failed',
      failure: { kind: 'content_policy' },
    });
  });
});

describe('Standard-Webhooks signatures', () => {
  const body = legacy('processing');
  const raw = JSON.stringify(body);

  it('accepts a valid signature (also among several, and with array headers)', () => {
    const headers = signatureHeaders({ secret: SECRET }, raw, NOW);
    expect(provider(SECRET).parseCallback({ headers, rawBody: raw, body })).toHaveLength(1);
    const several = { ...headers, 'webhook-signature': ['v1,AAAA', headers['webhook-signature']].join(' ') };
    expect(provider(SECRET).parseCallback({ headers: several, rawBody: raw, body })).toHaveLength(1);
    const arrays = {
      'webhook-id': [headers['webhook-id']],
      'webhook-timestamp': [headers['webhook-timestamp']],
      'webhook-signature': [headers['webhook-signature']],
    };
    expect(provider(SECRET).parseCallback({ headers: arrays as CallbackInput['headers'], rawBody: raw, body })).toHaveLength(1);
  });

  it('rejects a wrong signature, a changed body, a stale timestamp and missing headers with CallbackRejected', () => {
    const kling = provider(SECRET);
    const wrong = signatureHeaders({ secret: SECRET, mode: 'wrong' }, raw, NOW);
    expect(() => kling.parseCallback({ headers: wrong, rawBody: raw, body })).toThrow(CallbackRejected);
    const good = signatureHeaders({ secret: SECRET }, raw, NOW);
    expect(() => kling.parseCallback({ headers: good, rawBody: `${raw} `, body })).toThrow(CallbackRejected);
    const stale = signatureHeaders({ secret: SECRET, mode: 'stale' }, raw, NOW);
    expect(() => kling.parseCallback({ headers: stale, rawBody: raw, body })).toThrow(/5 minutes/);
    const future = signatureHeaders({ secret: SECRET }, raw, NOW + 6 * 60_000);
    expect(() => kling.parseCallback({ headers: future, rawBody: raw, body })).toThrow(CallbackRejected);
    expect(() => kling.parseCallback(input(body))).toThrow(/missing webhook-id/);
  });

  it('accepts unsigned deliveries when no secret is configured (the URL token binds the task)', () => {
    expect(provider().parseCallback(input(body))).toHaveLength(1);
  });

  it('signs "{id}.{timestamp}.{body}" with the base64-decoded secret (Standard Webhooks)', () => {
    // Test vector from the Standard Webhooks specification.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const payload = '{"test": 2432232314}';
    expect(webhookSignature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', payload)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(
      signatureProblem(
        secret,
        {
          'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
          'webhook-timestamp': '1614265330',
          'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
        },
        payload,
        1614265330_000,
      ),
    ).toBeUndefined();
  });
});
