import type { Refusal } from '../flow/orders.ts';
import type { BudgetUsage } from '../money/budget-usage.ts';
import { budgetName } from '../money/budgets.ts';
import { usdText } from '../money/micros.ts';
import type { BudgetAlert } from '../money/budget-alerts.ts';
import { describeProblems } from '../domain/problems.ts';

/** Button ids of the money flow (state in the id and the store, so they work after a restart). */
export const askForMoreId = (budgetId: string, micros: number) => `budget:ask:${budgetId}:${micros}`;

/** "(resets <t:…:R>)", or nothing for a total budget. */
function resets(usage: BudgetUsage): string {
  return usage.resetsAt ? ` (resets <t:${Math.floor(usage.resetsAt / 1000)}:R>)` : '';
}

/** Where a budget stands, in one line: "$0.16 left of $1.00 (resets <t:…:R>)". */
export function standing(usage: BudgetUsage): string {
  return `${usdText(usage.leftMicros)} left of ${usdText(usage.limitMicros)}${resets(usage)}`;
}

/** Why a request cannot start, in plain words, naming the rule, what is left and the price. */
export function refusalText(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'invalid':
      return [describeProblems(refusal.problems), ...(refusal.notes ?? []).map((n) => `• ${n}`)].join('\n');
    case 'denied':
    case 'unavailable':
      return refusal.message;
    case 'budget':
      return `${capitalise(budgetName(refusal.usage.budget))} has ${standing(refusal.usage)}; this video costs ≈ ${usdText(refusal.priceMicros)}.`;
    case 'running':
      return `You already have ${refusal.running} video${refusal.running === 1 ? '' : 's'} running, and the limit here is ${refusal.max} at once. Start this one when one of them is done.`;
  }
}

/** The private answer to a request that cannot start. */
export function refusalReply(refusal: Refusal): string {
  return `I can’t start this video:\n${refusalText(refusal)}\nNothing was submitted and nothing was charged.`;
}

/** The "Ask for more" button under a budget refusal. */
export function refusalComponents(refusal: Refusal): unknown[] {
  if (refusal.kind !== 'budget') return [];
  return [
    {
      type: 1,
      components: [{ type: 2, style: 1, label: 'Ask for more', emoji: { name: '🙋' }, custom_id: askForMoreId(refusal.usage.budget.id, refusal.priceMicros) }],
    },
  ];
}

/** One alert-channel message when a budget passes 80 % or 100 % of its limit in a period. */
export function alertText(alert: BudgetAlert): string {
  const u = alert.usage;
  const who = alert.memberId ? `<@${alert.memberId}>: ` : '';
  const used = u.spentMicros + u.reservedMicros;
  const name = alert.memberId ? budgetName(u.budget, 'admin') : budgetName(u.budget, 'admin');
  const head = alert.threshold >= 100 ? '🛑' : '⚠️';
  return `${head} ${who}${capitalise(name)} has passed ${alert.threshold} %: ${usdText(used)} of ${usdText(u.limitMicros)} used (${usdText(u.spentMicros)} spent, ${usdText(u.reservedMicros)} reserved)${resets(u)}.`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
