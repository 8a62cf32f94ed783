import { describe, expect, it } from 'vitest';
import { PollPolicy, type PollTimes } from '../../src/flow/poll-policy.ts';
import { ProviderRegistry } from '../../src/flow/provider-registry.ts';
import { FakeProvider } from '../support/flow.ts';
import { makeTask } from '../support/tasks.ts';

const TIMES: PollTimes = { webhooks: true, pollIntervalMs: 10_000, pollMaxIntervalMs: 60_000, safetyPollMs: 300_000, timeoutMs: 1_800_000 };
const providers = new ProviderRegistry([new FakeProvider('runware', 'callback'), new FakeProvider('imini', 'poll')]);

describe('PollPolicy', () => {
  it('polls young tasks every interval, older ones at half their age, capped', () => {
    const policy = new PollPolicy({ ...TIMES, webhooks: false }, providers);
    const task = makeTask({ submittedAt: 0 });
    expect(policy.nextCheck(task, 5_000)).toBe(15_000);
    expect(policy.nextCheck(task, 40_000)).toBe(60_000);
    expect(policy.nextCheck(task, 500_000)).toBe(560_000);
  });

  it('with webhooks, looks at callback tasks only as a safety net, and polls providers without callbacks', () => {
    const policy = new PollPolicy(TIMES, providers);
    expect(policy.byCallback(makeTask({ provider: 'runware' }))).toBe(true);
    expect(policy.byCallback(makeTask({ provider: 'imini' }))).toBe(false);
    expect(policy.byCallback(makeTask({ provider: 'gone' }))).toBe(false);
    expect(policy.nextCheck(makeTask({ provider: 'runware', submittedAt: 0 }), 1_000)).toBe(301_000);
    expect(policy.nextCheck(makeTask({ provider: 'imini', submittedAt: 0 }), 1_000)).toBe(11_000);
    expect(new PollPolicy({ ...TIMES, webhooks: false }, providers).byCallback(makeTask({ provider: 'runware' }))).toBe(false);
  });

  it('never schedules a check after the time-out, counted from submission (else creation)', () => {
    const policy = new PollPolicy(TIMES, providers);
    const task = makeTask({ provider: 'runware', createdAt: 100, submittedAt: 1_000 });
    expect(policy.deadline(task)).toBe(1_801_000);
    expect(policy.deadline(makeTask({ createdAt: 100 }))).toBe(1_800_100);
    expect(policy.nextCheck(task, 1_700_000)).toBe(1_801_001);
    expect(policy.isTimedOut(task, 1_801_000)).toBe(false);
    expect(policy.isTimedOut(task, 1_801_001)).toBe(true);
  });
});
