import type { ButtonInteraction } from 'discord.js';
import { budgetById } from '../money/budget-store.ts';
import { budgetUsage, guildBudgets } from '../money/budget-usage.ts';
import { applicableBudgets, budgetName } from '../money/budgets.ts';
import { usdText } from '../money/micros.ts';
import { SqlSpendRequests } from '../money/spend-requests.ts';
import { PRIVATE } from './budget-admin.ts';
import { requestButtons, requestText } from './budget-texts.ts';
import type { CommandContext } from './command-module.ts';
import { spenderOf } from './interaction-member.ts';
import { capitalise } from './spend-messages.ts';
import { SpendNotices } from './spend-notices.ts';

/**
 * "Ask for more" under a budget refusal (`budget:ask:<budgetId>:<micros>`): records the member's
 * request and posts it in the alert channel with Approve / Deny, or says that an admin must raise
 * the budget when the server has no alert channel. The member is answered privately either way.
 */
export async function askForMore(interaction: ButtonInteraction, context: CommandContext, budgetId: string, micros: number): Promise<void> {
  const say = async (content: string) => void (await interaction.reply({ content, ...PRIVATE }));
  if (!interaction.inGuild()) return say('Budgets belong to a server.');
  const db = context.database.db;
  const who = spenderOf(interaction);
  const budget = await budgetById(db, budgetId);
  if (!budget || budget.guildId !== who.guildId) return say('That budget no longer exists: try your video again.');
  const applies = applicableBudgets(await guildBudgets(db, who.guildId), who).some((b) => b.id === budget.id);
  if (!applies) return say(`${capitalise(budgetName(budget, 'admin'))} does not limit your videos, so there is nothing to ask for.`);
  const now = Date.now();
  const usage = await budgetUsage(db, budget, who, now);
  const name = budgetName(budget);
  if (usage.leftMicros >= micros)
    return say(`${capitalise(name)} has ${usdText(usage.leftMicros)} left now, enough for ${usdText(micros)}: try your video again.`);
  const alertChannelId = (await context.guildSettings.server(who.guildId)).alertChannelId;
  if (!alertChannelId) {
    return say(`This server has no alert channel, so I cannot pass your request on. Ask someone who manages the server to raise ${name} with \`/budget set\`.`);
  }
  const requests = new SqlSpendRequests(db);
  const { request, fresh } = await requests.open({ guildId: who.guildId, budgetId: budget.id, userId: who.userId, amountMicros: micros }, now);
  if (!fresh) return say(`You already asked for ${usdText(request.amountMicros)} more in ${name}; it is waiting in <#${alertChannelId}>.`);
  const notices = new SpendNotices(context.rest, context.guildSettings, context.log);
  const posted = await notices.post(who.guildId, alertChannelId, {
    content: requestText(request, usage),
    components: requestButtons(request.id),
    allowed_mentions: { parse: [] },
  });
  if (!posted) {
    await requests.forget(request.id);
    return say(`I could not post your request in <#${alertChannelId}>. Ask someone who manages the server to raise ${name} with \`/budget set\`.`);
  }
  context.log.info({ guildId: who.guildId, userId: who.userId, budgetId: budget.id, requestId: request.id, micros }, 'asked for more');
  await say(`I asked for ${usdText(micros)} more in ${name} in <#${alertChannelId}>. You will hear when someone who manages the server decides.`);
}
