import { MessageFlags, Routes, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction, type REST } from 'discord.js';
import type { Placement, Refusal } from '../flow/orders.ts';
import { confirmButtons } from './order-buttons.ts';
import { refusalComponents, refusalReply } from './spend-messages.ts';

/** Interaction tokens are valid 15 minutes (https://discord.com/developers/docs/interactions/receiving-and-responding); keep a margin. */
export const TOKEN_LIFETIME_MS = 14 * 60_000;

/** Where a request is answered: an interaction's replies, or plain messages for a reaction. */
export interface OrderSurface {
  /** Says privately why the request cannot start (before or after the acknowledgement). */
  refuse(refusal: Refusal): Promise<void>;
  /** Asks the member to confirm the price (the stored order is named in the buttons). */
  confirm(text: string, pendingId: string): Promise<void>;
  /** Acknowledges the request (work that takes time follows). */
  acknowledge(): Promise<void>;
  /** Shows the public status message; resolves with where it is. */
  showStatus(content: string): Promise<Placement>;
  /** The request could not start after the status was shown: take it back and say why. */
  withdraw(refusal: Refusal): Promise<void>;
}

type Repliable = ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction;

const PRIVATE = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

function viaInteraction(interaction: Repliable, messageId: string): Placement {
  return {
    statusMessageId: messageId,
    interaction: { applicationId: interaction.applicationId, token: interaction.token, expiresAt: interaction.createdTimestamp + TOKEN_LIFETIME_MS },
    uploadLimitBytes: interaction.attachmentSizeLimit,
  };
}

/** /video, "Make video", a Rerun or Remix button: private refusals, a public deferred reply as the status. */
export function replySurface(interaction: Repliable): OrderSurface {
  const privately = async (content: string, components: unknown[] = []) => {
    const body = { content, components: components as never[], ...PRIVATE };
    if (interaction.deferred || interaction.replied) await interaction.followUp(body);
    else await interaction.reply(body);
  };
  return {
    refuse: (refusal) => privately(refusalReply(refusal), refusalComponents(refusal)),
    confirm: (text, pendingId) => privately(text, confirmButtons(pendingId)),
    acknowledge: async () => void (await interaction.deferReply()),
    showStatus: async (content) => viaInteraction(interaction, (await interaction.editReply({ content, allowedMentions: { parse: [] } })).id),
    withdraw: async (refusal) => {
      await interaction.deleteReply().catch(() => undefined);
      await privately(refusalReply(refusal), refusalComponents(refusal));
    },
  };
}

/**
 * Start pressed on a confirmation prompt: like any reply (the status is this interaction's own public
 * response), and a prompt in the channel (a 🔁's) loses its buttons once the video started.
 */
export function startSurface(interaction: ButtonInteraction): OrderSurface {
  const surface = replySurface(interaction);
  return {
    ...surface,
    showStatus: async (content) => {
      const placement = await surface.showStatus(content);
      if (!interaction.message.flags.has(MessageFlags.Ephemeral)) {
        await interaction.message
          .edit({ content: `${interaction.message.content}\n▶️ Started by <@${interaction.user.id}>.`, components: [], allowedMentions: { parse: [] } })
          .catch(() => undefined);
      }
      return placement;
    },
  };
}

/** A 🔁 reaction: no interaction, so answers are messages that mention the member and reply to the result. */
export function reactionSurface(rest: REST, where: { channelId: string; messageId: string; userId: string }): OrderSurface {
  const reply = { message_reference: { message_id: where.messageId, fail_if_not_exists: false } };
  const mention = { allowed_mentions: { parse: [], users: [where.userId] } };
  const post = async (body: Record<string, unknown>) =>
    (await rest.post(Routes.channelMessages(where.channelId), { body: { ...reply, ...body } })) as { id: string };
  let statusId: string | undefined;
  return {
    refuse: async (refusal) =>
      void (await post({
        content: `<@${where.userId}> this video cannot be run again:\n${refusalReply(refusal)}`,
        components: refusalComponents(refusal),
        ...mention,
      })),
    confirm: async (text, pendingId) => void (await post({ content: `<@${where.userId}> ${text}`, components: confirmButtons(pendingId), ...mention })),
    acknowledge: async () => undefined,
    showStatus: async (content) => {
      statusId = (await post({ content, allowed_mentions: { parse: [] } })).id;
      return { statusMessageId: statusId };
    },
    withdraw: async (refusal) => {
      const body = {
        content: `<@${where.userId}> this video cannot be run again:\n${refusalReply(refusal)}`,
        components: refusalComponents(refusal),
        ...mention,
      };
      if (statusId) await rest.patch(Routes.channelMessage(where.channelId, statusId), { body });
      else await post(body);
    },
  };
}
