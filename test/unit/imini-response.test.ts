import { describe, expect, it } from 'vitest';
import { createdTaskId, iminiTaskUpdate } from '../../src/providers/imini/imini-response.ts';

const cost = { usd: 0.42, estimated: true };
const ID = 'task_2042864638838083584';
const query = (fields: Record<string, unknown>) => ({
  task_id: ID,
  model: 'kling/kling-v3-omni',
  created_at: '2026-04-13T07:17:39.146Z',
  completed_at: null,
  videos: null,
  error: null,
  request_id: 'r',
  ...fields,
});

describe('createdTaskId', () => {
  it('reads task_id from the documented create answer (and a data wrapper)', () => {
    expect(createdTaskId({ task_id: ID, model: 'kling/kling-v3-omni', created_at: '2026-04-13T07:17:39.146Z', request_id: '291a4117' })).toBe(ID);
    expect(createdTaskId({ data: { task_id: ID } })).toBe(ID);
    expect(createdTaskId({ id: ID })).toBe(ID);
  });

  it('finds none in an empty or unrelated answer', () => {
    expect(createdTaskId({})).toBeUndefined();
    expect(createdTaskId({ task_id: '' })).toBeUndefined();
    expect(createdTaskId('ok')).toBeUndefined();
    expect(createdTaskId(null)).toBeUndefined();
  });
});

describe('iminiTaskUpdate', () => {
  it('queued → progress queued; processing → progress generating', () => {
    expect(iminiTaskUpdate(ID, query({ status: 'queued' }), cost)).toEqual({ kind: 'progress', providerTaskId: ID, status: 'queued' });
    expect(iminiTaskUpdate(ID, query({ status: 'processing' }), cost)).toEqual({ kind: 'progress', providerTaskId: ID, status: 'generating' });
    expect(iminiTaskUpdate(ID, query({ status: 'processing', progress: 40 }), cost)).toEqual({
      kind: 'progress',
      providerTaskId: ID,
      status: 'generating',
      progress: 40,
    });
  });

  it('succeeded → every video with its cover as thumbnail, complete, with the estimated cost', () => {
    const videos = [
      { url: 'https://file.iminicdn.com/file/a.mp4', width: 1280, height: 720, duration: 5, cover_url: 'https://file.iminicdn.com/file/a.jpg' },
      { url: 'https://file.iminicdn.com/file/b.mp4' },
    ];
    expect(iminiTaskUpdate(ID, query({ status: 'succeeded', completed_at: '2026-04-13T07:19:00Z', videos }), cost)).toEqual({
      kind: 'results',
      providerTaskId: ID,
      complete: true,
      cost,
      results: [
        { id: `${ID}#0`, url: 'https://file.iminicdn.com/file/a.mp4', thumbnailUrl: 'https://file.iminicdn.com/file/a.jpg' },
        { id: `${ID}#1`, url: 'https://file.iminicdn.com/file/b.mp4' },
      ],
    });
  });

  it('succeeded without a usable video is a failure, not a silent success', () => {
    const update = iminiTaskUpdate(ID, query({ status: 'succeeded', videos: [{ url: '' }] }), cost);
    expect(update).toMatchObject({ kind: 'failed', providerTaskId: ID, failure: { kind: 'unknown' } });
  });

  it('failed → a failure classified from `error`', () => {
    expect(iminiTaskUpdate(ID, query({ status: 'failed', error: { code: 'risk', message: 'content safety check failed' } }), cost)).toMatchObject({
      kind: 'failed',
      providerTaskId: ID,
      failure: { kind: 'content_policy' },
    });
    expect(iminiTaskUpdate(ID, query({ status: 'failed', error: 'upstream error' }), cost)).toMatchObject({ kind: 'failed', failure: { kind: 'server' } });
    expect(iminiTaskUpdate(ID, query({ status: 'failed' }), cost)).toMatchObject({ kind: 'failed', failure: { kind: 'unknown' } });
  });

  it('accepts a data wrapper and status case, and yields nothing for an unknown status or body', () => {
    expect(iminiTaskUpdate(ID, { data: query({ status: 'QUEUED' }) }, cost)).toMatchObject({ kind: 'progress', status: 'queued' });
    expect(iminiTaskUpdate(ID, query({ status: 'paused' }), cost)).toBeUndefined();
    expect(iminiTaskUpdate(ID, 'oops', cost)).toBeUndefined();
  });
});

describe('iminiTaskUpdate: odd values', () => {
  it('leaves out a video whose URL is not http(s), keeps the others, and says so in anomalies', () => {
    const videos = [{ url: 'javascript:alert(1)' }, { url: 'https://file.iminicdn.com/file/b.mp4', cover_url: 'file:///etc/passwd' }];
    const update = iminiTaskUpdate(ID, query({ status: 'succeeded', videos }), cost);
    expect(update).toMatchObject({ kind: 'results', results: [{ id: `${ID}#1`, url: 'https://file.iminicdn.com/file/b.mp4' }] });
    expect(update?.kind === 'results' && update.results[0]?.thumbnailUrl).toBeUndefined();
    expect(update?.anomalies).toEqual([
      expect.stringMatching(/^imini video URL #0 "javascript:alert\(1\)" dropped/),
      expect.stringMatching(/^imini cover_url #1 "file:\/\/\/etc\/passwd" dropped/),
    ]);
  });

  it('fails a success whose only video URL is unusable, naming the URL in anomalies', () => {
    const update = iminiTaskUpdate(ID, query({ status: 'succeeded', videos: [{ url: 'data:video/mp4;base64,AAAA' }] }), cost);
    expect(update).toMatchObject({ kind: 'failed', failure: { kind: 'unknown' }, anomalies: [expect.stringContaining('data:video/mp4')] });
  });

  it('ignores a progress outside 0–100', () => {
    expect(iminiTaskUpdate(ID, query({ status: 'processing', progress: 1e9 }), cost)).toEqual({ kind: 'progress', providerTaskId: ID, status: 'generating' });
  });
});
