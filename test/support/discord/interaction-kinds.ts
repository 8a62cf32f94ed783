// Gateway payloads for autocomplete and message context-menu commands.
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionType } from 'discord-api-types/v10';
import type {
  APIApplicationCommandAutocompleteGuildInteraction,
  APIApplicationCommandInteractionDataOption,
  APIMessageApplicationCommandGuildInteraction,
} from 'discord-api-types/v10';
import { apiMessage, apiUser } from './fixtures.ts';
import { guildInteractionBase } from './interaction-context.ts';
import type { ChatCommandContext } from './interaction-context.ts';
import { nextSnowflake } from './snowflake.ts';
import type { AutocompleteInput, ChatCommandOption, FakeUser, StoredMessage, TargetMessageSpec } from './types.ts';

const SUB_COMMAND_TYPES = new Set<number>([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

export function autocompletePayload(ctx: ChatCommandContext, input: AutocompleteInput): APIApplicationCommandAutocompleteGuildInteraction {
  const options = structuredClone(input.options);
  const focused = focusedOptions(options);
  if (focused.length !== 1) {
    throw new Error(`FakeDiscord.sendAutocomplete: exactly one option must have focused: true (found ${focused.length})`);
  }
  for (const option of focused) option.value = String(option.value ?? ''); // Discord sends what was typed so far, as text
  return {
    ...guildInteractionBase(ctx),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: ctx.commandId,
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      guild_id: ctx.guild.id,
      // Same shapes as APIApplicationCommandInteractionDataOption; the per-type value unions are the caller's concern.
      options: options as APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommandAutocomplete>[],
    },
  };
}

function focusedOptions(options: ChatCommandOption[]): ChatCommandOption[] {
  return options.flatMap((o) => [...(o.focused === true && !SUB_COMMAND_TYPES.has(o.type) ? [o] : []), ...focusedOptions(o.options ?? [])]);
}

/** The target as a stored message (ids assigned); only stored in the channel by the caller when the spec had no id. */
export function targetMessage(spec: TargetMessageSpec, author: FakeUser, channelId: string, guildId: string | undefined): StoredMessage {
  const now = new Date().toISOString();
  return {
    id: spec.id ?? nextSnowflake(),
    channel_id: channelId,
    ...(guildId ? { guild_id: guildId } : {}),
    author: apiUser(author),
    content: spec.content,
    embeds: [],
    components: [],
    attachments: spec.attachments.map((a) => ({
      id: nextSnowflake(),
      filename: a.filename,
      size: a.size ?? 0,
      url: a.url,
      proxy_url: a.url,
      content_type: a.contentType ?? 'application/octet-stream',
      ...(a.width !== undefined ? { width: a.width } : {}),
      ...(a.height !== undefined ? { height: a.height } : {}),
    })),
    files: [],
    flags: 0,
    reactions: [],
    edited: false,
    deleted: false,
    timestamp: now,
    edited_timestamp: null,
    raw: null,
  };
}

export function messageCommandPayload(ctx: ChatCommandContext, name: string, target: StoredMessage): APIMessageApplicationCommandGuildInteraction {
  return {
    ...guildInteractionBase(ctx),
    type: InteractionType.ApplicationCommand,
    data: {
      id: ctx.commandId,
      name,
      type: ApplicationCommandType.Message,
      guild_id: ctx.guild.id,
      target_id: target.id,
      resolved: { messages: { [target.id]: apiMessage(target) } },
    },
  };
}
