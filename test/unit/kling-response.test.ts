import { describe, expect, it } from 'vitest';
import { carriesWholeState, klingUpdate, readKlingTask, readKlingTaskList } from '../../src/providers/kling/kling-response.ts';

const succeeded = (extra: Record<string, unknown> = {}) => ({
  task_id: '860000123',
  task_status: 'succeed',
  task_status_msg: '',
  created_at: 1_790_000_000_000,
  task_info: { external_task_id: 'our-task-1' },
  task_result: { videos: [{ id: 'v1', url: 'https://cdn.klingai.com/v1.mp4', duration: '5' }] },
  final_unit_deduction: '3',
  ...extra,
});

const update = (body: unknown) => {
  const state = readKlingTask(body);
  return state && klingUpdate(state, 0.14);
};

describe('Kling answers: odd values never lose a result', () => {
  it.each([
    ['"abc"', 'abc'],
    ['-3', '-3'],
    ['a negative number', -3],
    ['1e400 (Infinity once read)', '1e400'],
    ['1e305 (overflows when priced)', 1e305],
  ])('final_unit_deduction %s is dropped: the video stays, without a cost, and anomalies say why', (_what, units) => {
    const result = update(succeeded({ final_unit_deduction: units }));
    expect(result).toMatchObject({ kind: 'results', complete: true, results: [{ id: 'v1', url: 'https://cdn.klingai.com/v1.mp4' }] });
    expect(result?.kind === 'results' && result.cost).toBeUndefined();
    expect(result?.anomalies).toEqual([expect.stringMatching(/^Kling final_unit_deduction .* dropped: not an amount/)]);
  });

  it('keeps plain units without anomalies', () => {
    expect(update(succeeded())).toEqual({
      kind: 'results',
      providerTaskId: 'our-task-1',
      complete: true,
      results: [{ id: 'v1', url: 'https://cdn.klingai.com/v1.mp4' }],
      cost: { usd: 0.42, units: 3, estimated: false },
    });
  });

  it('drops an odd billing amount of the new design', () => {
    const body = {
      id: 'k-1',
      status: 'succeeded',
      external_id: 'our-2',
      outputs: [{ type: 'video', id: 'o1', url: 'https://cdn/o1.mp4' }],
      billing: [{ amount: 'lots' }],
    };
    const result = update(body);
    expect(result).toMatchObject({ kind: 'results', results: [{ id: 'o1' }], anomalies: [expect.stringContaining('"lots"')] });
    expect(result?.kind === 'results' && result.cost).toBeUndefined();
  });

  it.each([['javascript:alert(1)'], ['data:video/mp4;base64,AAAA'], ['file:///tmp/v.mp4'], ['garbage']])(
    'does not return %j as a result: a success without a usable video fails, the URL goes to anomalies',
    (url) => {
      const result = update(succeeded({ task_result: { videos: [{ id: 'v1', url }] } }));
      expect(result).toMatchObject({ kind: 'failed', providerTaskId: 'our-task-1', failure: { kind: 'unknown' } });
      expect(result?.anomalies).toContainEqual(expect.stringMatching(/^Kling video URL of v1 .* dropped: not an http\(s\) URL$/));
    },
  );

  it('keeps the usable video of several', () => {
    const videos = [
      { id: 'bad', url: 'file:///x.mp4' },
      { id: 'good', url: 'http://cdn.example/good.mp4' },
    ];
    expect(update(succeeded({ task_result: { videos } }))).toMatchObject({
      kind: 'results',
      results: [{ id: 'good', url: 'http://cdn.example/good.mp4' }],
      anomalies: [expect.stringContaining('file:///x.mp4')],
    });
  });

  it('skips malformed parts instead of failing the task: odd ids, non-object videos, a non-string message', () => {
    const body = succeeded({ task_status_msg: 42, task_result: { videos: ['junk', { id: { no: 1 }, url: 'https://cdn/v.mp4' }] } });
    expect(update(body)).toMatchObject({ kind: 'results', results: [{ id: 'https://cdn/v.mp4', url: 'https://cdn/v.mp4' }] });
  });
});

describe('Kling task lists', () => {
  it('reads every task of a list answer’s data, with its created_at; anything but an array is no list', () => {
    const states = readKlingTaskList([succeeded(), { task_id: '2', task_status: 'processing', created_at: 5 }, 'junk', { nothing: true }]);
    expect(states?.map((s) => [s.providerTaskId, s.status, s.createdAt])).toEqual([
      ['our-task-1', 'succeed', 1_790_000_000_000],
      ['2', 'processing', 5],
    ]);
    expect(readKlingTaskList({ list: [] })).toBeUndefined();
    expect(readKlingTaskList(null)).toBeUndefined();
  });

  it('trusts a listed task unless it claims success without a video (then a single query decides)', () => {
    const [done, bare, running] = readKlingTaskList([succeeded(), succeeded({ task_result: {} }), { task_id: '3', task_status: 'processing' }]) ?? [];
    expect([done, bare, running].map((s) => s && carriesWholeState(s))).toEqual([true, false, true]);
  });
});
