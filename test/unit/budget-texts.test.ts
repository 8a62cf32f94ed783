// The texts and button ids of /budget and "Ask for more" (src/discord/budget-texts.ts).
import { describe, expect, it } from 'vitest';
import { decisionLine, decisionNotice, parseBudgetButton, requestText, usageLine } from '../../src/discord/budget-texts.ts';
import type { BudgetUsage } from '../../src/money/budget-usage.ts';
import type { Budget } from '../../src/money/budgets.ts';
import type { SpendRequest } from '../../src/money/spend-requests.ts';

const allowance: Budget = { id: 'b1', guildId: 'g', scope: 'member', targetId: 'ann', period: 'day', limitMicros: 1_000_000, setBy: 'boss', updatedAt: 0 };
const resetsAt = Date.UTC(2026, 5, 11);
const usage: BudgetUsage = {
  budget: allowance,
  periodStart: Date.UTC(2026, 5, 10),
  resetsAt,
  limitMicros: 1_000_000,
  spentMicros: 420_000,
  reservedMicros: 420_000,
  leftMicros: 160_000,
};
const request: SpendRequest = {
  id: 'r1',
  guildId: 'g',
  budgetId: 'b1',
  userId: 'ann',
  amountMicros: 420_000,
  state: 'pending',
  createdAt: 0,
  decidedBy: null,
  decidedAt: null,
};

describe('budget button ids', () => {
  it('parses ask, approve and deny; refuses anything else', () => {
    expect(parseBudgetButton('budget:ask:b1:420000')).toEqual({ action: 'ask', budgetId: 'b1', micros: 420_000 });
    expect(parseBudgetButton('budget:approve:r1')).toEqual({ action: 'approve', requestId: 'r1' });
    expect(parseBudgetButton('budget:deny:r1')).toEqual({ action: 'deny', requestId: 'r1' });
    for (const id of ['budget:ask:b1:0', 'budget:ask:b1:-5', 'budget:ask:b1:x', 'budget:raise:r1', 'order:start:p', 'budget:approve:'])
      expect(parseBudgetButton(id)).toBeUndefined();
  });
});

describe('budget texts', () => {
  it('a budget’s standing: spent, reserved, left of the limit, when it resets', () => {
    expect(usageLine(usage)).toBe(`$0.42 spent, $0.42 reserved, $0.16 left of $1.00 · resets <t:${resetsAt / 1000}:R>`);
    expect(usageLine({ ...usage, limitMicros: 1_420_000, leftMicros: 580_000, resetsAt: undefined })).toBe(
      '$0.42 spent, $0.42 reserved, $0.58 left of $1.42 ($1.00 + $0.42 approved) · never resets',
    );
  });

  it('the request in the alert channel names the member, the amount, the allowance and what is left', () => {
    expect(requestText(request, usage)).toBe('🙋 <@ann> asks for $0.42 more in their daily allowance (has $0.16 left of $1.00).');
    const pool = { ...usage, budget: { ...allowance, scope: 'server' as const, targetId: 'g' } };
    expect(requestText(request, pool)).toBe("🙋 <@ann> asks for $0.42 more in the server's daily budget (has $0.16 left of $1.00).");
  });

  it('says who decided, and tells the member', () => {
    const approved = { ...request, state: 'approved' as const, decidedBy: 'boss' };
    const raise = { budget: allowance, periodStart: usage.periodStart, periodEnd: resetsAt };
    expect(decisionLine(approved, raise)).toBe(`✅ Approved by <@boss>: +$0.42 until the period ends <t:${resetsAt / 1000}:R>.`);
    expect(decisionNotice(approved, allowance, raise)).toContain('Your request for $0.42 more in your daily allowance was approved by <@boss>');
    const denied = { ...request, state: 'denied' as const, decidedBy: 'boss' };
    expect(decisionLine(denied, undefined)).toBe('❌ Denied by <@boss>.');
    expect(decisionNotice(denied, allowance, undefined)).toBe('❌ Your request for $0.42 more in your daily allowance was denied by <@boss>.');
  });
});
