import type { Kysely } from 'kysely';
import type { OrderCheck } from '../flow/orders.ts';
import type { GuildSettings } from '../store/guild-settings.ts';
import type { Schema } from '../store/schema.ts';
import { budgetUsage, guildBudgets } from './budget-usage.ts';
import { applicableBudgets } from './budgets.ts';
import { toMicros } from './micros.ts';
import { runningCount } from './sql-ledger.ts';

/** Only members with the server's spender role may start paid videos (reruns included). */
export function spenderRoleCheck(settings: Pick<GuildSettings, 'server'>): OrderCheck {
  return async (quote) => {
    const { guildId, roleIds } = quote.order.requester;
    if (!guildId) return undefined;
    const role = (await settings.server(guildId)).spenderRoleId;
    if (!role || roleIds?.includes(role)) return undefined;
    return {
      kind: 'denied',
      message: `Only members with the <@&${role}> role may start paid videos in this server. Ask someone who manages the server if you need it.`,
    };
  };
}

/**
 * What is left, before anything is acknowledged: the member's running limit and every budget that
 * applies. Not binding — the reservation when the task is stored decides, atomically — but it lets a
 * member who is over a limit get the answer at once, privately.
 */
export function spendPreviewCheck(db: Kysely<Schema>, settings: Pick<GuildSettings, 'server'>, now: () => number = Date.now): OrderCheck {
  return async (quote) => {
    const { guildId, channelId, userId, roleIds } = quote.order.requester;
    if (!guildId) return undefined;
    const { maxRunning } = await settings.server(guildId);
    if (maxRunning > 0) {
      const running = await runningCount(db, guildId, userId);
      if (running >= maxRunning) return { kind: 'running', running, max: maxRunning };
    }
    const price = toMicros(quote.price.usd);
    const who = { guildId, channelId, userId, roleIds: roleIds ?? [] };
    for (const budget of applicableBudgets(await guildBudgets(db, guildId), who)) {
      const usage = await budgetUsage(db, budget, who, now());
      if (usage.leftMicros < price) return { kind: 'budget', usage, priceMicros: price };
    }
    return undefined;
  };
}
