import type { Period } from './periods.ts';

export type BudgetScope = 'server' | 'channel' | 'role' | 'member';

/** A spending limit: a shared pool (server, channel) or an allowance per member (role, member). */
export interface Budget {
  id: string;
  guildId: string;
  scope: BudgetScope;
  /** The guild (server budget), channel, role or member the budget is for. */
  targetId: string;
  period: Period;
  limitMicros: number;
  setBy: string;
  updatedAt: number;
}

/** The member a request is checked for, where. */
export interface Spender {
  guildId: string;
  channelId: string;
  userId: string;
  roleIds: string[];
}

/**
 * The budgets that apply to a member in a channel: the server pool, the channel pool, and the
 * member's own budget — or, without one, the largest allowance among the member's budgeted roles
 * (an allowance for @everyone counts for every member).
 * Every one of them must have room for a request.
 */
export function applicableBudgets(all: Budget[], who: Spender): Budget[] {
  const applies: Budget[] = [];
  const server = all.find((b) => b.scope === 'server');
  if (server) applies.push(server);
  const channel = all.find((b) => b.scope === 'channel' && b.targetId === who.channelId);
  if (channel) applies.push(channel);
  const own = all.find((b) => b.scope === 'member' && b.targetId === who.userId);
  if (own) applies.push(own);
  else {
    // @everyone's role id is the guild's own, and Discord never lists it among a member's roles.
    const holds = (roleId: string) => roleId === who.guildId || who.roleIds.includes(roleId);
    const roles = all.filter((b) => b.scope === 'role' && holds(b.targetId)).sort((a, b) => b.limitMicros - a.limitMicros);
    if (roles[0]) applies.push(roles[0]);
  }
  return applies;
}

/** Whose spending a budget counts for this member: a pool counts everyone's, an allowance only theirs. */
export function countedSpending(budget: Budget, who: Pick<Spender, 'userId'>): { channelId?: string; userId?: string } {
  switch (budget.scope) {
    case 'server':
      return {};
    case 'channel':
      return { channelId: budget.targetId };
    case 'role':
    case 'member':
      return { userId: who.userId };
  }
}

/** Whom a budget's raises and alerts are kept for: the member, for an allowance; '' for a shared pool. */
export function budgetSubject(budget: Pick<Budget, 'scope'>, who: Pick<Spender, 'userId'>): string {
  return budget.scope === 'role' || budget.scope === 'member' ? who.userId : '';
}

/** How a budget reads in a sentence, from the member's side: "your daily allowance", "the server's monthly budget". */
export function budgetName(budget: Budget, viewer: 'member' | 'admin' = 'member'): string {
  const every = { day: 'daily', week: 'weekly', month: 'monthly', total: 'total' }[budget.period];
  switch (budget.scope) {
    case 'server':
      return `the server's ${every} budget`;
    case 'channel':
      return `the ${every} budget of <#${budget.targetId}>`;
    case 'role':
      return viewer === 'member' ? `your ${every} allowance (role <@&${budget.targetId}>)` : `the ${every} allowance of each <@&${budget.targetId}> member`;
    case 'member':
      return viewer === 'member' ? `your ${every} allowance` : `the ${every} allowance of <@${budget.targetId}>`;
  }
}
