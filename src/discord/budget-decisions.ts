import { Routes, type ButtonInteraction } from 'discord.js';
import { budgetById } from '../money/budget-store.ts';
import type { Budget } from '../money/budgets.ts';
import { SqlSpendRequests, type Raise, type SpendRequest } from '../money/spend-requests.ts';
import { managesServer, PRIVATE } from './budget-admin.ts';
import { decisionLine, decisionNotice } from './budget-texts.ts';
import type { CommandContext } from './command-module.ts';
import { describe } from './discord-notifier.ts';
import { SpendNotices } from './spend-notices.ts';

/**
 * Approve or Deny on a request for more in the alert channel (`budget:approve:<id>`, `budget:deny:<id>`):
 * members with Manage Server only, decided once. The request message loses its buttons and says who
 * decided; the member is told by DM, or mentioned in the alert channel when their DMs are closed.
 */
export async function decideRequest(interaction: ButtonInteraction, context: CommandContext, requestId: string, action: 'approve' | 'deny'): Promise<void> {
  if (!managesServer(interaction)) {
    await interaction.reply({ content: 'Only members who can manage this server can approve or deny requests for more.', ...PRIVATE });
    return;
  }
  const requests = new SqlSpendRequests(context.database.db);
  const decision = await requests.decide(requestId, action === 'approve' ? 'approved' : 'denied', interaction.user.id, Date.now());
  if (!decision.ok) {
    if (decision.reason === 'unknown') return void (await interaction.reply({ content: 'This request is no longer known.', ...PRIVATE }));
    // Decided by someone else (or denied when its budget was cleared): show that on the message, say so privately.
    await closeRequest(interaction, decision.request, undefined);
    const content =
      decision.reason === 'decided'
        ? `This request was already ${decision.request.state} by <@${decision.request.decidedBy}>.`
        : 'The budget of this request was cleared, so there is nothing to raise: the request is denied.';
    await interaction.followUp({ content, ...PRIVATE });
    if (decision.reason === 'budget_gone') await tellMember(context, decision.request, undefined, undefined);
    return;
  }
  const { request, raise } = decision;
  context.log.info(
    { requestId, budgetId: request.budgetId, userId: request.userId, decidedBy: request.decidedBy, state: request.state },
    'request for more decided',
  );
  await closeRequest(interaction, request, raise);
  await tellMember(context, request, raise?.budget ?? (await budgetById(context.database.db, request.budgetId)), raise);
}

/** The request message in the alert channel: its text, what was decided and by whom; no buttons left. */
async function closeRequest(interaction: ButtonInteraction, request: SpendRequest, raise: Raise | undefined): Promise<void> {
  const line = decisionLine(request, raise);
  const content = interaction.message.content.includes(line) ? interaction.message.content : `${interaction.message.content}\n${line}`;
  await interaction.update({ content, components: [], allowedMentions: { parse: [] } });
}

/** DMs the member the decision; if Discord refuses (DMs closed), mentions them in the alert channel instead. */
async function tellMember(context: CommandContext, request: SpendRequest, budget: Budget | undefined, raise: Raise | undefined): Promise<void> {
  const content = decisionNotice(request, budget, raise);
  try {
    const dm = (await context.rest.post(Routes.userChannels(), { body: { recipient_id: request.userId } })) as { id: string };
    await context.rest.post(Routes.channelMessages(dm.id), { body: { content, allowed_mentions: { parse: [] } } });
    return;
  } catch (error) {
    context.log.info({ requestId: request.id, userId: request.userId, err: describe(error) }, 'could not DM the decision; mentioning in the alert channel');
  }
  const alertChannelId = (await context.guildSettings.server(request.guildId)).alertChannelId;
  if (!alertChannelId) return;
  const notices = new SpendNotices(context.rest, context.guildSettings, context.log);
  await notices.post(request.guildId, alertChannelId, { content: `<@${request.userId}> ${content}`, allowed_mentions: { parse: [], users: [request.userId] } });
}
