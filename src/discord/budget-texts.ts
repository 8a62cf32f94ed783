import type { BudgetUsage } from '../money/budget-usage.ts';
import { budgetName, type Budget } from '../money/budgets.ts';
import { usdText } from '../money/micros.ts';
import type { Raise, SpendRequest } from '../money/spend-requests.ts';
import { capitalise } from './spend-messages.ts';

/** Button ids of a request for more in the alert channel (state in the id and the store: they work after a restart). */
export const approveId = (requestId: string) => `budget:approve:${requestId}`;
export const denyId = (requestId: string) => `budget:deny:${requestId}`;

/** A budget button's id: `budget:ask:<budgetId>:<micros>`, `budget:approve:<requestId>` or `budget:deny:<requestId>`. */
export type BudgetButton = { action: 'ask'; budgetId: string; micros: number } | { action: 'approve' | 'deny'; requestId: string };

export function parseBudgetButton(customId: string): BudgetButton | undefined {
  const [scope, action, id, amount] = customId.split(':');
  if (scope !== 'budget' || !id) return undefined;
  if (action === 'ask') {
    const micros = Number(amount);
    return Number.isSafeInteger(micros) && micros > 0 ? { action, budgetId: id, micros } : undefined;
  }
  if (action === 'approve' || action === 'deny') return { action, requestId: id };
  return undefined;
}

/** `<t:…:R>`, Discord's relative time, which every client shows in its own time zone. */
export function relativeTime(ms: number): string {
  return `<t:${Math.floor(ms / 1000)}:R>`;
}

/** "$0.84 spent, $0.00 reserved, $0.16 left of $1.00 · resets <t:…:R>" (or "never resets"). */
export function usageLine(usage: BudgetUsage): string {
  const raised =
    usage.limitMicros !== usage.budget.limitMicros
      ? ` (${usdText(usage.budget.limitMicros)} + ${usdText(usage.limitMicros - usage.budget.limitMicros)} approved)`
      : '';
  const resets = usage.resetsAt ? `resets ${relativeTime(usage.resetsAt)}` : 'never resets';
  return `${usdText(usage.spentMicros)} spent, ${usdText(usage.reservedMicros)} reserved, ${usdText(usage.leftMicros)} left of ${usdText(usage.limitMicros)}${raised} · ${resets}`;
}

/** How an admin reads a budget in a list: "The server's daily budget", "The daily allowance of each @role member". */
export function adminName(budget: Budget): string {
  return capitalise(budgetName(budget, 'admin'));
}

/** The budget named in the alert channel after "<@member> asks for $X more in …": an allowance is the member's own. */
export function requestedBudgetName(budget: Budget): string {
  const allowance = budget.scope === 'member' || budget.scope === 'role';
  return allowance ? budgetName(budget, 'member').replace(/^your /, 'their ') : budgetName(budget, 'admin');
}

/** "<@member> asks for $0.42 more in their daily allowance (has $0.16 left of $1.00)". */
export function requestText(request: SpendRequest, usage: BudgetUsage): string {
  return `🙋 <@${request.userId}> asks for ${usdText(request.amountMicros)} more in ${requestedBudgetName(usage.budget)} (has ${usdText(usage.leftMicros)} left of ${usdText(usage.limitMicros)}).`;
}

export function requestButtons(requestId: string): unknown[] {
  return [
    {
      type: 1,
      components: [
        { type: 2, style: 3, label: 'Approve', custom_id: approveId(requestId) },
        { type: 2, style: 4, label: 'Deny', custom_id: denyId(requestId) },
      ],
    },
  ];
}

/** The line added to the request in the alert channel once it is decided (the buttons go). */
export function decisionLine(request: SpendRequest, raise: Raise | undefined): string {
  if (request.state === 'approved') {
    const until = raise?.periodEnd ? ` until the period ends ${relativeTime(raise.periodEnd)}` : '';
    return `✅ Approved by <@${request.decidedBy}>: +${usdText(request.amountMicros)}${until}.`;
  }
  return `❌ Denied by <@${request.decidedBy}>.`;
}

/** What the member is told (by DM, or mentioned in the alert channel). */
export function decisionNotice(request: SpendRequest, budget: Budget | undefined, raise: Raise | undefined): string {
  const name = budget ? budgetName(budget, 'member') : 'the budget';
  if (request.state === 'approved') {
    const until = raise?.periodEnd ? ` until it resets ${relativeTime(raise.periodEnd)}` : '';
    return `✅ Your request for ${usdText(request.amountMicros)} more in ${name} was approved by <@${request.decidedBy}>: it has that much more room${until}. Ask for your video again.`;
  }
  return `❌ Your request for ${usdText(request.amountMicros)} more in ${name} was denied by <@${request.decidedBy}>.`;
}
