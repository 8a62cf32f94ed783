// How Discord marks the messages an interaction produces: message type, `message_reference`,
// `interaction_metadata` and the application's webhook id
// (https://discord.com/developers/docs/resources/message#message-interaction-metadata-object).
import { InteractionType, MessageType } from 'discord-api-types/v10';
import type {
  APIApplicationCommandInteractionMetadata,
  APIMessageComponentInteractionMetadata,
  APIMessageInteractionMetadata,
  APIModalSubmitInteractionMetadata,
  APIUser,
} from 'discord-api-types/v10';
import { integrationOwners } from './interaction-context.ts';
import type { AnyInteractionContext } from './interaction-context.ts';
import type { NewMessage } from './message-store.ts';
import type { StoredMessage } from './types.ts';
import type { FakeWorld, InteractionState } from './world.ts';

type Reference = NonNullable<StoredMessage['message_reference']>;

/** Metadata of a command (chat input, or message context menu with its target). */
export function commandMetadata(ctx: AnyInteractionContext, user: APIUser, targetMessageId?: string): APIApplicationCommandInteractionMetadata {
  return {
    id: ctx.id,
    type: InteractionType.ApplicationCommand,
    user,
    authorizing_integration_owners: integrationOwners(ctx),
    ...(targetMessageId ? { target_message_id: targetMessageId } : {}),
  };
}

export function componentMetadata(ctx: AnyInteractionContext, user: APIUser, messageId: string): APIMessageComponentInteractionMetadata {
  return {
    id: ctx.id,
    type: InteractionType.MessageComponent,
    user,
    authorizing_integration_owners: integrationOwners(ctx),
    interacted_message_id: messageId,
  };
}

export function modalSubmitMetadata(
  ctx: AnyInteractionContext,
  user: APIUser,
  triggering: APIApplicationCommandInteractionMetadata | APIMessageComponentInteractionMetadata,
): APIModalSubmitInteractionMetadata {
  return {
    id: ctx.id,
    type: InteractionType.ModalSubmit,
    user,
    authorizing_integration_owners: integrationOwners(ctx),
    triggering_interaction_metadata: triggering,
  };
}

/** Where and as what the interaction's original response (callback 4 or 5) is created. */
export function originalResponse(world: FakeWorld, state: InteractionState): Omit<NewMessage, 'body' | 'files'> {
  // A message command's response replies to its target (type 23); a component's to the message it is on.
  const repliedTo = state.targetMessageId ?? state.messageId;
  const type = state.targetMessageId ? MessageType.ContextMenuCommand : state.messageId ? MessageType.Reply : MessageType.ChatInputCommand;
  return {
    ...common(world, state),
    type,
    ...(repliedTo ? { reference: reference(state, repliedTo) } : {}),
    interactionMetadata: state.metadata,
  };
}

/** A follow-up replies to the original response when there is one (its metadata names that response). */
export function followUpMessage(world: FakeWorld, state: InteractionState): Omit<NewMessage, 'body' | 'files'> {
  const original = state.record.original;
  if (!original || original.deleted) return { ...common(world, state), type: MessageType.ChatInputCommand, interactionMetadata: state.metadata };
  const metadata: APIMessageInteractionMetadata = { ...state.metadata, original_response_message_id: original.id };
  return { ...common(world, state), type: MessageType.Reply, reference: reference(state, original.id), interactionMetadata: metadata };
}

function common(world: FakeWorld, state: InteractionState): Pick<NewMessage, 'channelId' | 'guildId' | 'interactionId' | 'webhookId'> {
  return {
    channelId: state.channelId,
    ...(state.guildId ? { guildId: state.guildId } : {}),
    interactionId: state.id,
    webhookId: world.applicationId,
  };
}

function reference(state: InteractionState, messageId: string): Reference {
  return { type: 0, message_id: messageId, channel_id: state.channelId, ...(state.guildId ? { guild_id: state.guildId } : {}) };
}
