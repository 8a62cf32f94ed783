import { describe, expect, it } from 'vitest';
import { runwareItems, runwareUpdates } from '../../src/providers/runware/runware-response.ts';

const UUID = '7d6f3a1e-0b6b-4c8e-9a55-1f0f2e6d9c01';

const success = {
  taskType: 'videoInference',
  taskUUID: UUID,
  status: 'success',
  videoUUID: 'vid-1',
  videoURL: 'https://vm.runware.ai/video/os/a/vid-1.mp4',
  cost: 0.42,
};

const resultUpdate = {
  kind: 'results',
  providerTaskId: UUID,
  complete: false,
  results: [{ id: 'vid-1', url: 'https://vm.runware.ai/video/os/a/vid-1.mp4', costUsd: 0.42 }],
};

describe('runwareUpdates: body shapes', () => {
  it('{data:[item]}', () => {
    expect(runwareUpdates({ data: [success] })).toEqual([resultUpdate]);
  });

  it('a bare item', () => {
    expect(runwareUpdates(success)).toEqual([resultUpdate]);
  });

  it('{data:item}', () => {
    expect(runwareUpdates({ data: success })).toEqual([resultUpdate]);
  });

  it('a bare array of items, one update per item in order', () => {
    const second = { ...success, videoUUID: 'vid-2', videoURL: 'https://vm.runware.ai/video/os/a/vid-2.mp4', cost: 0.5 };
    expect(runwareUpdates([success, second])).toEqual([
      resultUpdate,
      { kind: 'results', providerTaskId: UUID, complete: false, results: [{ id: 'vid-2', url: 'https://vm.runware.ai/video/os/a/vid-2.mp4', costUsd: 0.5 }] },
    ]);
  });

  it('{errors:[…]} with taskUUID → a failed update; without taskUUID → nothing', () => {
    const updates = runwareUpdates({
      errors: [{ code: 'timeoutProvider', message: 'Provider timed out', status: 'error', taskUUID: UUID }, { code: 'invalidApiKey' }],
    });
    expect(updates).toEqual([
      {
        kind: 'failed',
        providerTaskId: UUID,
        failure: {
          kind: 'server',
          userMessage: 'The video provider had an internal error. Please try again later.',
          detail: 'Runware  timeoutProvider: Provider timed out',
        },
      },
    ]);
  });

  it('{error:{…}, taskUUID} → a failed update', () => {
    const updates = runwareUpdates({ error: { code: 'contentPolicyViolation', message: 'refused' }, taskUUID: UUID });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ kind: 'failed', providerTaskId: UUID, failure: { kind: 'content_policy' } });
  });

  it('an item with status error (nested error object) → a failed update', () => {
    const updates = runwareUpdates({
      data: [{ taskType: 'videoInference', taskUUID: UUID, status: 'error', error: { code: 'nsfwContentDetected', message: 'nsfw' } }],
    });
    expect(updates).toEqual([
      {
        kind: 'failed',
        providerTaskId: UUID,
        failure: {
          kind: 'content_policy',
          userMessage: 'The provider refused this request under its content policy. Try rewording the prompt or using other images.',
          detail: 'Runware  nsfwContentDetected: nsfw',
        },
      },
    ]);
  });

  it('an item with status error and flat code/message', () => {
    const updates = runwareUpdates([{ taskType: 'getResponse', taskUUID: UUID, status: 'error', code: 'taskFailedOrNotFound', message: 'gone' }]);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ kind: 'failed', providerTaskId: UUID, failure: { kind: 'not_found' } });
  });

  it('processing items (and items without status) → generating progress', () => {
    expect(runwareUpdates({ data: [{ taskType: 'videoInference', taskUUID: UUID, status: 'processing', progress: 40 }] })).toEqual([
      { kind: 'progress', providerTaskId: UUID, status: 'generating', progress: 40 },
    ]);
    expect(runwareUpdates({ data: [{ taskType: 'videoInference', taskUUID: UUID }] })).toEqual([
      { kind: 'progress', providerTaskId: UUID, status: 'generating', progress: undefined },
    ]);
  });

  it('a mix of a finished and a still-processing generation in one poll answer', () => {
    const updates = runwareUpdates({ data: [success, { taskType: 'videoInference', taskUUID: UUID, status: 'processing' }] });
    expect(updates.map((u) => u.kind)).toEqual(['results', 'progress']);
  });

  it('ignores imageUpload (and other task types) and items without a taskUUID', () => {
    expect(runwareUpdates({ data: [{ taskType: 'imageUpload', taskUUID: UUID, imageUUID: 'img-1' }] })).toEqual([]);
    expect(runwareUpdates({ data: [{ taskType: 'imageInference', taskUUID: UUID, imageURL: 'https://x/y.png' }] })).toEqual([]);
    expect(runwareUpdates({ data: [{ taskType: 'videoInference', videoURL: 'https://x/y.mp4' }] })).toEqual([]);
    expect(runwareUpdates({ data: [{ taskType: 'imageUpload', taskUUID: 'other', imageUUID: 'img-1' }, success] })).toEqual([resultUpdate]);
  });

  it('uses the URL as id when videoUUID is missing, and no cost when none is reported', () => {
    const { videoUUID: _, cost: __, ...bare } = success;
    expect(runwareUpdates(bare)).toEqual([
      { kind: 'results', providerTaskId: UUID, complete: false, results: [{ id: bare.videoURL, url: bare.videoURL, costUsd: undefined }] },
    ]);
  });

  it('returns nothing for bodies without task items', () => {
    expect(runwareUpdates(null)).toEqual([]);
    expect(runwareUpdates('ok')).toEqual([]);
    expect(runwareUpdates({})).toEqual([]);
    expect(runwareUpdates({ data: [] })).toEqual([]);
  });

  it('does not dedupe: the same item twice yields two identical updates', () => {
    expect(runwareUpdates({ data: [success, success] })).toEqual([resultUpdate, resultUpdate]);
  });
});

describe('runwareItems', () => {
  it('separates items from errors across nested envelopes', () => {
    const { items, errors } = runwareItems([{ data: [success] }, { errors: [{ code: 'x', taskUUID: 'other' }] }]);
    expect(items).toEqual([success]);
    expect(errors).toEqual([{ code: 'x', message: undefined, parameter: undefined, taskUUID: 'other' }]);
  });

  it('reads imageUpload answers whether data is an array or an object', () => {
    const upload = { taskType: 'imageUpload', taskUUID: 'u1', imageUUID: 'img-9' };
    expect(runwareItems({ data: upload }).items).toEqual([upload]);
    expect(runwareItems({ data: [upload] }).items).toEqual([upload]);
  });
});

describe('runwareUpdates: odd values never lose a result', () => {
  const withCost = (cost: unknown) => runwareUpdates({ data: [{ ...success, cost }] })[0];

  it.each([
    ['1e305, which overflows when rounded', 1e305],
    ['a negative cost', -0.42],
    ['text that is no number', 'abc'],
    ['an object', { usd: 1 }],
  ])('drops %s but keeps the video, and says so in anomalies', (_what, cost) => {
    const update = withCost(cost);
    expect(update).toMatchObject({ kind: 'results', providerTaskId: UUID, results: [{ id: 'vid-1', url: success.videoURL }] });
    expect(update?.kind === 'results' && 'costUsd' in (update.results[0] ?? {})).toBe(false);
    expect(update?.anomalies).toEqual([expect.stringMatching(/^Runware cost of video vid-1 .* dropped: not an amount/)]);
  });

  it('keeps a plain cost (also as numeric text) without anomalies', () => {
    expect(withCost(0.42)).toEqual(resultUpdate);
    expect(withCost('0.42')).toEqual(resultUpdate);
    expect(withCost(0)?.anomalies).toBeUndefined();
  });

  it.each([['javascript:alert(1)'], ['data:video/mp4;base64,AAAA'], ['file:///etc/passwd'], ['not a url'], ['//cdn.example/x.mp4'], [42]])(
    'does not return %j as a result: the generation fails, the URL goes to anomalies',
    (videoURL) => {
      const [update] = runwareUpdates({ data: [{ ...success, videoURL }] });
      expect(update).toMatchObject({ kind: 'failed', providerTaskId: UUID, failure: { kind: 'unknown' } });
      expect(update?.anomalies).toEqual([expect.stringMatching(/^Runware videoURL of video vid-1 .* dropped: not an http\(s\) URL$/)]);
    },
  );

  it('accepts a plain http: URL (what is posted is decided later)', () => {
    expect(runwareUpdates({ data: [{ ...success, videoURL: 'http://127.0.0.1:9/v.mp4' }] })[0]).toMatchObject({
      kind: 'results',
      results: [{ url: 'http://127.0.0.1:9/v.mp4' }],
    });
  });

  it('a bad URL in one variant leaves the other variant’s result alone', () => {
    const other = { ...success, videoUUID: 'vid-2', videoURL: 'javascript:void(0)' };
    expect(runwareUpdates({ data: [success, other] }).map((u) => u.kind)).toEqual(['results', 'failed']);
  });

  it('drops a progress that is not 0–100', () => {
    const [update] = runwareUpdates({ data: [{ taskType: 'videoInference', taskUUID: UUID, status: 'processing', progress: 250 }] });
    expect(update).toMatchObject({ kind: 'progress', progress: undefined, anomalies: [expect.stringContaining('progress 250')] });
  });
});
