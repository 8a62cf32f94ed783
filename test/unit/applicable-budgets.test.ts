// Which budgets limit a member where (src/money/budgets.ts): every one of them must have room.
import { describe, expect, it } from 'vitest';
import { applicableBudgets, budgetSubject, countedSpending, type Budget } from '../../src/money/budgets.ts';

const budget = (scope: Budget['scope'], targetId: string, limitMicros: number): Budget => ({
  id: `${scope}:${targetId}`,
  guildId: 'g',
  scope,
  targetId,
  period: 'day',
  limitMicros,
  setBy: 'admin',
  updatedAt: 0,
});

const ALL = [
  budget('server', 'g', 50_000_000),
  budget('channel', 'c1', 10_000_000),
  budget('channel', 'c2', 5_000_000),
  budget('role', 'artists', 2_000_000),
  budget('role', 'leads', 6_000_000),
  budget('member', 'ann', 1_000_000),
];
const ids = (list: Budget[]) => list.map((b) => b.id);

describe('applicableBudgets', () => {
  it('the server pool and the channel’s own pool, for everyone', () => {
    expect(ids(applicableBudgets(ALL, { guildId: 'g', channelId: 'c1', userId: 'zed', roleIds: [] }))).toEqual(['server:g', 'channel:c1']);
    expect(ids(applicableBudgets(ALL, { guildId: 'g', channelId: 'c9', userId: 'zed', roleIds: [] }))).toEqual(['server:g']);
  });

  it('the largest allowance among the member’s budgeted roles', () => {
    expect(ids(applicableBudgets(ALL, { guildId: 'g', channelId: 'c2', userId: 'ben', roleIds: ['artists', 'leads', 'other'] }))).toEqual([
      'server:g',
      'channel:c2',
      'role:leads',
    ]);
    expect(ids(applicableBudgets(ALL, { guildId: 'g', channelId: 'c9', userId: 'ben', roleIds: ['artists'] }))).toEqual(['server:g', 'role:artists']);
  });

  it('a member budget overrides every role allowance of that member, even a larger one', () => {
    expect(ids(applicableBudgets(ALL, { guildId: 'g', channelId: 'c9', userId: 'ann', roleIds: ['leads'] }))).toEqual(['server:g', 'member:ann']);
  });

  it('an allowance for @everyone (the role whose id is the guild’s) counts for every member, the largest role still winning', () => {
    const everyone = [...ALL, budget('role', 'g', 3_000_000)];
    expect(ids(applicableBudgets(everyone, { guildId: 'g', channelId: 'c9', userId: 'zed', roleIds: [] }))).toEqual(['server:g', 'role:g']);
    expect(ids(applicableBudgets(everyone, { guildId: 'g', channelId: 'c9', userId: 'ben', roleIds: ['leads'] }))).toEqual(['server:g', 'role:leads']);
  });

  it('nothing when the server has no budgets', () => {
    expect(applicableBudgets([], { guildId: 'g', channelId: 'c1', userId: 'ann', roleIds: ['leads'] })).toEqual([]);
  });
});

describe('whose spending a budget counts, and whom its raises are for', () => {
  it('pools count everyone’s (the channel’s: only in it); allowances only the member’s own', () => {
    const [server, channel, , role, , member] = ALL as [Budget, Budget, Budget, Budget, Budget, Budget];
    expect(countedSpending(server, { userId: 'ann' })).toEqual({});
    expect(countedSpending(channel, { userId: 'ann' })).toEqual({ channelId: 'c1' });
    expect(countedSpending(role, { userId: 'ann' })).toEqual({ userId: 'ann' });
    expect(countedSpending(member, { userId: 'ann' })).toEqual({ userId: 'ann' });
    expect([server, channel, role, member].map((b) => budgetSubject(b, { userId: 'ann' }))).toEqual(['', '', 'ann', 'ann']);
  });
});
