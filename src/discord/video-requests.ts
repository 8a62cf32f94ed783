import type { ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction, REST } from 'discord.js';
import type { ImageRef } from '../domain/request.ts';
import type { Task } from '../domain/task.ts';
import type { ElementLibrary } from '../elements/element-library.ts';
import type { GivenOptions, Order, Quote, Requester } from '../flow/orders.ts';
import type { Logger } from '../logging/log.ts';
import type { Submissions } from '../flow/submissions.ts';
import type { AttachmentFacts } from '../media/image-intake.ts';
import type { MediaStore } from '../media/media-store.ts';
import { toMicros, usdText } from '../money/micros.ts';
import type { SqlPendingOrders } from '../store/sql-pending-orders.ts';
import { requestSummary } from './message-builders.ts';
import { reactionSurface, replySurface, startSurface, type OrderSurface } from './order-surfaces.ts';
import { statusContent, type StatusSubject } from './status-message.ts';
import { draftRequest, keepImages, type VideoCommandInput } from './video-input.ts';

export interface VideoRequestsDeps {
  submissions: Submissions;
  elements: ElementLibrary;
  media: MediaStore;
  pending: SqlPendingOrders;
  rest: REST;
  log: Logger;
  now?: () => number;
}

/** How long a confirmation prompt waits for Start. */
export const CONFIRM_TTL_MS = 10 * 60_000;

/** An order waiting for Start: its images are Discord attachments still (`draft`) or kept already (`kept`). */
type PendingOrder = { images: 'draft'; order: Order<AttachmentFacts> } | { images: 'kept'; order: Order<ImageRef> };

/**
 * The Discord side of starting a video: reads what /video, "Make video", a rerun or a confirmation
 * asked for, turns attachments into kept images, acknowledges, and shows the answer. Every decision
 * about the request itself — rules, price, budgets, who may spend — is made by the submission door
 * (src/flow/submissions.ts).
 */
export class VideoRequests {
  readonly #deps: VideoRequestsDeps;
  readonly #now: () => number;

  constructor(deps: VideoRequestsDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** /video, or the "Make video" modal. */
  async fromCommand(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, input: VideoCommandInput, given: GivenOptions): Promise<void> {
    const surface = replySurface(interaction);
    const draft = draftRequest(input);
    const resolved = await this.#deps.elements.resolve(interaction.guildId, input.elementNames ?? [], input.prompt);
    const problems = [...draft.problems, ...(resolved.ok ? [] : resolved.problems)];
    if (problems.length > 0 || !resolved.ok) return surface.refuse({ kind: 'invalid', problems });
    const request = resolved.elements.length > 0 ? { ...draft.request, prompt: resolved.prompt, elements: resolved.elements } : draft.request;
    const order: Order<AttachmentFacts> = {
      request,
      requester: requesterOf(interaction),
      provider: input.provider,
      sourceMessageUrl: input.sourceMessageUrl,
      given,
    };
    await this.#run({ images: 'draft', order }, surface);
  }

  /** 🔁 on a result: the same request again, charged to whoever reacted. */
  async rerunFromReaction(previous: Task, by: Requester & { messageId: string }): Promise<void> {
    const surface = reactionSurface(this.#deps.rest, { channelId: by.channelId, messageId: by.messageId, userId: by.userId });
    await this.#run({ images: 'kept', order: rerunOrder(previous, by) }, surface);
  }

  /** The Rerun button on a result (or Remix, with an edited request). */
  async rerunFromButton(interaction: ButtonInteraction | ModalSubmitInteraction, previous: Task, edited?: Task['request']): Promise<void> {
    const order = rerunOrder(previous, requesterOf(interaction));
    await this.#run({ images: 'kept', order: edited ? { ...order, request: edited, rerunOf: previous.id } : order }, replySurface(interaction));
  }

  /** Start or Cancel on a confirmation prompt. */
  async confirm(interaction: ButtonInteraction, action: 'start' | 'cancel', pendingId: string): Promise<void> {
    const surface = startSurface(interaction);
    const now = this.#now();
    const outcome =
      action === 'start'
        ? await this.#deps.pending.take(pendingId, interaction.user.id, now)
        : await this.#deps.pending.cancel(pendingId, interaction.user.id, now);
    if (!outcome.ok) {
      const why = {
        expired: 'This prompt expired (they last 10 minutes): nothing was started or charged. Ask again.',
        not_yours: 'Only the member who asked can answer this.',
        used: 'This was already answered.',
        unknown: 'This prompt is no longer known.',
      }[outcome.reason];
      if (outcome.reason === 'not_yours') await interaction.reply({ content: why, flags: 64 });
      else await interaction.update({ content: why, components: [] });
      return;
    }
    if (action === 'cancel') {
      await interaction.update({ content: 'Cancelled: nothing was reserved, submitted or charged.', components: [] });
      return;
    }
    const pending = outcome.data as PendingOrder;
    // The door checks again (budgets may have changed), but does not ask twice.
    await this.#run({ ...pending, order: { ...pending.order, confirmed: true } } as PendingOrder, surface);
  }

  async #run(pending: PendingOrder, surface: OrderSurface): Promise<void> {
    const checked = await this.#deps.submissions.check(pending.order as Order<unknown>);
    if (!checked.ok) return surface.refuse(checked.refusal);
    const quote = checked.quote;
    if (quote.needsConfirmation) {
      const expiresAt = this.#now() + CONFIRM_TTL_MS;
      const pendingId = await this.#deps.pending.save({ userId: quote.order.requester.userId, expiresAt, data: { ...pending, order: quote.order } });
      return surface.confirm(confirmText(quote, expiresAt), pendingId);
    }
    await surface.acknowledge();
    let request = quote.order.request as Task['request'];
    if (pending.images === 'draft') {
      // The door may have applied channel defaults: keep the images of the request it checked.
      const kept = await keepImages(quote.order.request as typeof pending.order.request, this.#deps.media);
      if (!kept.ok) return surface.withdraw({ kind: 'invalid', problems: kept.problems });
      request = kept.request;
    }
    const ready: Quote = { ...quote, order: { ...quote.order, request } };
    const placement = await surface.showStatus(statusContent(preview(ready), undefined, { reserved: false, notes: quote.notes }));
    const started = await this.#deps.submissions.start(ready, placement);
    if (!started.ok) return surface.withdraw(started.refusal);
  }
}

function requesterOf(interaction: ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction): Requester {
  const roles = interaction.member?.roles;
  const roleIds = Array.isArray(roles) ? roles : roles ? [...roles.cache.keys()] : undefined;
  const member = interaction.member as { displayName?: string; nick?: string | null } | null;
  const userName = member?.displayName ?? member?.nick ?? interaction.user.globalName ?? interaction.user.username;
  return { userId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId ?? '', roleIds, userName };
}

/** A rerun keeps the stored request as it was: every option counts as given (channel enforcement still applies). */
function rerunOrder(previous: Task, by: Requester): Order<ImageRef> {
  return {
    request: previous.request,
    requester: by,
    provider: previous.provider,
    rerunOf: previous.id,
    given: { model: true, duration: true, aspectRatio: true, sound: true },
  };
}

function confirmText(quote: Quote<unknown>, expiresAt: number): string {
  return `This video will cost ≈ ${usdText(toMicros(quote.price.usd))}. Start it?\n${requestSummary(quote.order.request)}\n(This question expires <t:${Math.floor(expiresAt / 1000)}:R>; nothing is reserved or charged until you press Start.)`;
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
