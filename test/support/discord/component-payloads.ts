// Gateway payloads for component interactions (a button press, type 3) and modal submits (type 5), in a guild
// or in a DM with the bot; a modal opened from a component carries that component's message
// (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object).
import { ComponentType, InteractionType } from 'discord-api-types/v10';
import type {
  APIDMInteractionWrapper,
  APIGuildInteractionWrapper,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIModalSubmitDMInteraction,
  APIModalSubmitGuildInteraction,
  ModalSubmitActionRowComponent,
} from 'discord-api-types/v10';
import { dmInteractionBase, guildInteractionBase, inGuild } from './interaction-context.ts';
import type { AnyInteractionContext } from './interaction-context.ts';

export type ButtonPayload = APIGuildInteractionWrapper<APIMessageComponentButtonInteraction> | APIDMInteractionWrapper<APIMessageComponentButtonInteraction>;
export type ModalSubmitPayload = APIModalSubmitGuildInteraction | APIModalSubmitDMInteraction;

/** A button press: `data: {custom_id, component_type: 2}` and the whole message the button is on. */
export function buttonPayload(ctx: AnyInteractionContext, customId: string, message: APIMessage): ButtonPayload {
  const fields = {
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    message,
  } as const;
  if (inGuild(ctx)) return { ...guildInteractionBase(ctx), ...fields } satisfies APIGuildInteractionWrapper<APIMessageComponentButtonInteraction>;
  return { ...dmInteractionBase(ctx), ...fields } satisfies APIDMInteractionWrapper<APIMessageComponentButtonInteraction>;
}

/** One action row per field, each holding one text input, numbered the way Discord numbers components. */
export function modalSubmitPayload(ctx: AnyInteractionContext, customId: string, fields: Record<string, string>, message?: APIMessage): ModalSubmitPayload {
  const rows = Object.entries(fields).map(
    ([id, value], i) =>
      ({
        type: ComponentType.ActionRow,
        id: 2 * i + 1,
        components: [{ type: ComponentType.TextInput, id: 2 * i + 2, custom_id: id, value }],
      }) satisfies ModalSubmitActionRowComponent,
  );
  const submit = {
    type: InteractionType.ModalSubmit,
    data: { custom_id: customId, components: rows },
    ...(message ? { message } : {}),
  } as const;
  if (inGuild(ctx)) return { ...guildInteractionBase(ctx), ...submit } satisfies APIModalSubmitGuildInteraction;
  return { ...dmInteractionBase(ctx), ...submit } satisfies APIModalSubmitDMInteraction;
}
