// What users do, sent over the gateway: interactions (commands, autocomplete, context menus, modal submits) and
// reactions; plus waits for the bot's interaction answers.
import { randomBytes } from 'node:crypto';
import { GatewayIntentBits, InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { FakeGateway } from './gateway.ts';
import { autocompletePayload, messageCommandPayload, modalSubmitPayload, targetMessage } from './interaction-kinds.ts';
import { chatCommandPayload, reactionPayload } from './interaction-payloads.ts';
import type { InteractionContext } from './interaction-payloads.ts';
import { nextSnowflake } from './snowflake.ts';
import type {
  AutocompleteChoice,
  AutocompleteInput,
  ChatCommandInput,
  InteractionOrigin,
  MessageCommandInput,
  ModalSubmitInput,
  ReactionInput,
  ShownModal,
} from './types.ts';
import type { FakeWorld } from './world.ts';

export type WaitFor = <T>(what: string, find: () => T | undefined, timeoutMs: number) => Promise<T>;

export interface SentInteraction {
  id: string;
  token: string;
}

export class UserActions {
  readonly #world: FakeWorld;
  readonly #gateway: FakeGateway;
  readonly #waitFor: WaitFor;

  constructor(world: FakeWorld, gateway: FakeGateway, waitFor: WaitFor) {
    this.#world = world;
    this.#gateway = gateway;
    this.#waitFor = waitFor;
  }

  chatCommand(input: ChatCommandInput): SentInteraction {
    const ctx = this.#context('sendChatCommand', input);
    const commandId = this.#world.commandId(ctx.guild.id, input.name);
    return this.#deliver(ctx, InteractionType.ApplicationCommand, chatCommandPayload({ ...ctx, commandId }, input));
  }

  autocomplete(input: AutocompleteInput): SentInteraction {
    const ctx = this.#context('sendAutocomplete', input);
    const commandId = this.#world.commandId(ctx.guild.id, input.name);
    return this.#deliver(ctx, InteractionType.ApplicationCommandAutocomplete, autocompletePayload({ ...ctx, commandId }, input));
  }

  messageCommand(input: MessageCommandInput): SentInteraction & { targetId: string } {
    const ctx = this.#context('sendMessageCommand', input);
    const spec = input.targetMessage;
    const author = this.#world.member(ctx.guild.id, spec.authorId) ?? this.#world.user(spec.authorId);
    if (!author) throw new Error(`FakeDiscord.sendMessageCommand: the target message's author ${spec.authorId} is not in the spec`);
    if (spec.id !== undefined && this.#world.messages.byId(spec.id)) {
      throw new Error(`FakeDiscord.sendMessageCommand: message ${spec.id} already exists; omit targetMessage.id to have one stored`);
    }
    const target = targetMessage(spec, author, ctx.channel.id, ctx.guild.id);
    if (spec.id === undefined) this.#world.messages.insert(target);
    const commandId = this.#world.commandId(ctx.guild.id, input.name);
    const sent = this.#deliver(ctx, InteractionType.ApplicationCommand, messageCommandPayload({ ...ctx, commandId }, input.name, target));
    return { ...sent, targetId: target.id };
  }

  modalSubmit(input: ModalSubmitInput): SentInteraction {
    if (Object.keys(input.fields).length === 0) throw new Error('FakeDiscord.sendModalSubmit: a modal has at least one field');
    const ctx = this.#context('sendModalSubmit', input);
    return this.#deliver(ctx, InteractionType.ModalSubmit, modalSubmitPayload(ctx, input));
  }

  /** Sends MESSAGE_REACTION_ADD; returns how many sessions received it (0 when none asked for the intent). */
  reaction(input: ReactionInput): number {
    const info = this.#world.channel(input.channelId);
    if (!info) throw new Error(`FakeDiscord.sendReaction: unknown channel ${input.channelId} (open a DM with the user first)`);
    const guildId = info.kind === 'guild' ? info.guild.id : undefined;
    if (input.guildId !== undefined && input.guildId !== guildId)
      throw new Error(`FakeDiscord.sendReaction: channel ${input.channelId} is not in guild ${input.guildId}`);
    const user = guildId ? this.#world.member(guildId, input.userId) : this.#world.user(input.userId);
    if (!user) throw new Error(`FakeDiscord.sendReaction: unknown user ${input.userId}`);
    const payload = reactionPayload({
      guildId,
      channelId: input.channelId,
      messageId: input.messageId,
      user,
      emoji: input.emoji,
      messageAuthorId: this.#world.messages.byId(input.messageId)?.author.id,
      joinedAt: this.#world.joinedAt,
    });
    const intent = guildId ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions;
    return this.#gateway.dispatch('MESSAGE_REACTION_ADD', payload, intent);
  }

  /** The choices of the bot's autocomplete answer (callback type 8). */
  autocompleteChoices(id: string, timeoutMs: number): Promise<AutocompleteChoice[]> {
    const what = 'an autocomplete answer';
    return this.#callback(id, InteractionResponseType.ApplicationCommandAutocompleteResult, what, timeoutMs).then(
      (data) => (data as { choices: AutocompleteChoice[] }).choices,
    );
  }

  /** The modal the bot answered with (callback type 9). */
  modalShown(id: string, timeoutMs: number): Promise<ShownModal> {
    return this.#callback(id, InteractionResponseType.Modal, 'a modal', timeoutMs).then((data) => data as ShownModal);
  }

  /** Waits for the interaction's callback; fails at once when it was answered with another type. */
  #callback(id: string, type: InteractionResponseType, what: string, timeoutMs: number): Promise<unknown> {
    const state = this.#world.interaction(id);
    if (!state) return Promise.reject(new Error(`FakeDiscord: no interaction ${id} was sent`));
    return this.#waitFor(
      `${what} to interaction ${id}`,
      () => {
        const callback = state.record.callback;
        if (!callback) return undefined;
        if (callback.type !== type) {
          throw new Error(
            `FakeDiscord: interaction ${id} was answered with callback type ${callback.type}, not ${type} (${what}): ${JSON.stringify(callback.data)}`,
          );
        }
        return callback.data ?? {};
      },
      timeoutMs,
    );
  }

  #context(method: string, origin: InteractionOrigin): InteractionContext {
    const guild = this.#world.guild(origin.guildId);
    const channel = guild?.channels.find((c) => c.id === origin.channelId);
    const user = this.#world.member(origin.guildId, origin.userId);
    if (!guild || !channel || !user) {
      throw new Error(`FakeDiscord.${method}: guild ${origin.guildId}, channel ${origin.channelId} and member ${origin.userId} must all be in the spec`);
    }
    const id = nextSnowflake();
    const token = `interaction-token-${id}-${randomBytes(8).toString('hex')}`;
    return { id, token, applicationId: this.#world.applicationId, guild, channel, user, joinedAt: this.#world.joinedAt };
  }

  #deliver(ctx: InteractionContext, type: InteractionType, payload: unknown): SentInteraction {
    const { id, token } = ctx;
    this.#world.addInteraction({ id, token, type, guildId: ctx.guild.id, channelId: ctx.channel.id, record: { followUps: [] } });
    if (this.#gateway.dispatch('INTERACTION_CREATE', payload, null) === 0) {
      throw new Error('FakeDiscord: no identified gateway session to receive INTERACTION_CREATE; await waitForIdentify() first');
    }
    return { id, token };
  }
}
