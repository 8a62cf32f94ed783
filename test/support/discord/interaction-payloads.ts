// Gateway payloads for what users do: chat-input commands and reactions.
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionType } from 'discord-api-types/v10';
import type {
  APIApplicationCommandInteractionDataOption,
  APIAttachment,
  APIChatInputApplicationCommandGuildInteraction,
  GatewayMessageReactionAddDispatchData,
} from 'discord-api-types/v10';
import { apiMember } from './fixtures.ts';
import { guildInteractionBase } from './interaction-context.ts';
import type { ChatCommandContext } from './interaction-context.ts';
import { nextSnowflake } from './snowflake.ts';
import type { ChatCommandInput, ChatCommandOption, FakeAttachmentSpec, FakeUser } from './types.ts';

export function chatCommandPayload(ctx: ChatCommandContext, input: ChatCommandInput): APIChatInputApplicationCommandGuildInteraction {
  const { options, attachments } = resolveAttachments(input);
  return {
    ...guildInteractionBase(ctx),
    type: InteractionType.ApplicationCommand,
    data: {
      id: ctx.commandId,
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      guild_id: ctx.guild.id,
      options,
      ...(Object.keys(attachments).length > 0 ? { resolved: { attachments } } : {}),
    },
  };
}

/** An API attachment object with that id. */
export function apiAttachment(id: string, spec: FakeAttachmentSpec): APIAttachment {
  return {
    id,
    filename: spec.filename,
    size: spec.size ?? 0,
    url: spec.url,
    proxy_url: spec.url,
    ...(spec.contentType !== undefined ? { content_type: spec.contentType } : {}),
    ...(spec.width !== undefined ? { width: spec.width } : {}),
    ...(spec.height !== undefined ? { height: spec.height } : {}),
  };
}

/**
 * Gives every attachment an id, sets that id as the value of the ATTACHMENT option of the same name
 * (searching nested sub-command options; appended at top level when absent).
 */
function resolveAttachments(input: ChatCommandInput): {
  options: APIApplicationCommandInteractionDataOption[];
  attachments: Record<string, APIAttachment>;
} {
  const options: ChatCommandOption[] = structuredClone(input.options ?? []);
  const attachments: Record<string, APIAttachment> = {};
  for (const [optionName, spec] of Object.entries(input.attachments ?? {})) {
    const id = nextSnowflake();
    attachments[id] = apiAttachment(id, spec);
    const existing = findOption(options, optionName);
    if (existing) existing.value = id;
    else options.push({ name: optionName, type: ApplicationCommandOptionType.Attachment, value: id });
  }
  // Shapes match APIApplicationCommandInteractionDataOption; the per-type value unions are the caller's concern.
  return { options: options as APIApplicationCommandInteractionDataOption[], attachments };
}

function findOption(options: ChatCommandOption[], name: string): ChatCommandOption | undefined {
  for (const option of options) {
    if (option.name === name && option.type === ApplicationCommandOptionType.Attachment) return option;
    const nested = option.options ? findOption(option.options, name) : undefined;
    if (nested) return nested;
  }
  return undefined;
}

export interface ReactionContext {
  guildId: string | undefined;
  channelId: string;
  messageId: string;
  user: FakeUser;
  emoji: string;
  messageAuthorId: string | undefined;
  joinedAt: string;
}

export function reactionPayload(ctx: ReactionContext): GatewayMessageReactionAddDispatchData {
  const custom = /^(.+):(\d+)$/.exec(ctx.emoji);
  return {
    user_id: ctx.user.id,
    channel_id: ctx.channelId,
    message_id: ctx.messageId,
    ...(ctx.guildId ? { guild_id: ctx.guildId, member: apiMember(ctx.user, ctx.joinedAt, ctx.guildId) } : {}),
    ...(ctx.messageAuthorId ? { message_author_id: ctx.messageAuthorId } : {}),
    emoji: custom ? { id: custom[2] ?? null, name: custom[1] ?? null, animated: false } : { id: null, name: ctx.emoji },
    type: 0,
    burst: false,
    burst_colors: [],
  };
}
