import { MessageFlags, Routes, type ChatInputCommandInteraction, type GuildMember, type ModalSubmitInteraction, type REST } from 'discord.js';
import type { Task } from '../domain/task.ts';
import { describeProblems } from '../domain/validation.ts';
import type { ElementLibrary } from '../elements/element-library.ts';
import type { Quote, Refusal, Requester } from '../flow/orders.ts';
import type { Logger } from '../flow/ports.ts';
import type { Submissions } from '../flow/submissions.ts';
import type { MediaStore } from '../media/media-store.ts';
import { statusContent, type StatusSubject } from './status-message.ts';
import { draftRequest, keepImages, type DraftRequest, type VideoCommandInput } from './video-input.ts';

export interface VideoRequestsDeps {
  submissions: Submissions;
  elements: ElementLibrary;
  media: MediaStore;
  rest: REST;
  log: Logger;
}

/** Interaction tokens are valid 15 minutes (https://discord.com/developers/docs/interactions/receiving-and-responding); keep a margin. */
const TOKEN_LIFETIME_MS = 14 * 60_000;

/**
 * The Discord side of starting a video: reads what /video, "Make video" or a rerun asked for, turns
 * attachments into kept images, acknowledges, and shows the answer. Every decision about the request
 * itself is made by the submission door (src/flow/submissions.ts).
 */
export class VideoRequests {
  readonly #deps: VideoRequestsDeps;

  constructor(deps: VideoRequestsDeps) {
    this.#deps = deps;
  }

  /** /video, or the "Make video" modal. */
  async fromInteraction(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, input: VideoCommandInput): Promise<void> {
    const draft = draftRequest(input);
    const resolved = await this.#deps.elements.resolve(interaction.guildId, input.elementNames ?? [], input.prompt);
    const problems = [...draft.problems, ...(resolved.ok ? [] : resolved.problems)];
    if (problems.length > 0 || !resolved.ok) return this.#refuseNow(interaction, { kind: 'invalid', problems });
    const request: DraftRequest = resolved.elements.length > 0 ? { ...draft.request, prompt: resolved.prompt, elements: resolved.elements } : draft.request;
    // Everything about the request is checked, and priced, before the acknowledgement.
    const checked = await this.#deps.submissions.check({
      request,
      requester: requesterOf(interaction),
      provider: input.provider,
      sourceMessageUrl: input.sourceMessageUrl,
    });
    if (!checked.ok) return this.#refuseNow(interaction, checked.refusal);
    await interaction.deferReply();
    const kept = await keepImages(checked.quote.order.request, this.#deps.media);
    if (!kept.ok) return this.#refuseLate(interaction, { kind: 'invalid', problems: kept.problems });
    const quote: Quote = { ...checked.quote, order: { ...checked.quote.order, request: kept.request } };
    const status = await interaction.editReply({ content: statusContent(preview(quote), undefined), allowedMentions: { parse: [] } });
    const started = await this.#deps.submissions.start(quote, {
      statusMessageId: status.id,
      interaction: { applicationId: interaction.applicationId, token: interaction.token, expiresAt: interaction.createdTimestamp + TOKEN_LIFETIME_MS },
      uploadLimitBytes: interaction.attachmentSizeLimit,
    });
    if (!started.ok) return this.#refuseLate(interaction, started.refusal);
  }

  /** Runs a stored request again for whoever reacted, replying to the message that was reacted to. */
  async rerun(
    previous: Task,
    by: { userId: string; guildId: string | null; channelId: string; messageId: string; member?: GuildMember | null },
  ): Promise<void> {
    const requester: Requester = {
      userId: by.userId,
      guildId: by.guildId,
      channelId: by.channelId,
      roleIds: by.member ? [...by.member.roles.cache.keys()] : undefined,
    };
    const reply = { message_reference: { message_id: by.messageId, fail_if_not_exists: false } };
    const checked = await this.#deps.submissions.check({ request: previous.request, requester, provider: previous.provider, rerunOf: previous.id });
    if (!checked.ok) {
      this.#deps.log.warn({ taskId: previous.id, userId: by.userId, refusal: checked.refusal }, 'rerun refused');
      await this.#deps.rest.post(Routes.channelMessages(by.channelId), {
        body: {
          content: `<@${by.userId}> this video cannot be run again:\n${refusalText(checked.refusal)}`,
          allowed_mentions: { users: [by.userId] },
          ...reply,
        },
      });
      return;
    }
    const quote = checked.quote as Quote;
    const status = (await this.#deps.rest.post(Routes.channelMessages(by.channelId), {
      body: { content: statusContent({ ...preview(quote), rerunOf: previous.id }, undefined), allowed_mentions: { parse: [] }, ...reply },
    })) as { id: string };
    const started = await this.#deps.submissions.start(quote, { statusMessageId: status.id });
    if (!started.ok) {
      await this.#deps.rest.patch(Routes.channelMessage(by.channelId, status.id), {
        body: { content: `<@${by.userId}> this video cannot be run again:\n${refusalText(started.refusal)}`, allowed_mentions: { parse: [] } },
      });
    }
  }

  async #refuseNow(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, refusal: Refusal): Promise<void> {
    await interaction.reply({ content: refusalReply(refusal), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }

  /** After the public acknowledgement: take it back and answer privately. */
  async #refuseLate(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, refusal: Refusal): Promise<void> {
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ content: refusalReply(refusal), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}

function requesterOf(interaction: ChatInputCommandInteraction | ModalSubmitInteraction): Requester {
  const roles = interaction.member?.roles;
  const roleIds = Array.isArray(roles) ? roles : roles ? [...roles.cache.keys()] : undefined;
  return { userId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId ?? '', roleIds };
}

/** The status message's first look, before the task exists. */
function preview(quote: Quote<unknown>): StatusSubject {
  const { requester } = quote.order;
  return {
    request: quote.order.request,
    estimatedCost: quote.price,
    status: 'pending',
    origin: { guildId: requester.guildId, channelId: requester.channelId, userId: requester.userId },
    createdAt: Date.now(),
    rerunOf: quote.order.rerunOf,
  };
}

export function refusalText(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'invalid':
      return describeProblems(refusal.problems);
    case 'denied':
    case 'unavailable':
      return refusal.message;
  }
}

function refusalReply(refusal: Refusal): string {
  return `I can’t start this video:\n${refusalText(refusal)}\nNothing was submitted and nothing was charged.`;
}
