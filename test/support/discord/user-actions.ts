// What users do, sent over the gateway: commands, autocomplete, context menus and reactions; plus waits for
// the bot's interaction answers. (Buttons and modal submits: component-actions.ts.)
import { GatewayIntentBits, InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import { shownModal } from './components.ts';
import type { FakeGateway } from './gateway.ts';
import type { InteractionDelivery, SentInteraction } from './interaction-delivery.ts';
import { autocompletePayload, messageCommandPayload, targetMessage } from './interaction-kinds.ts';
import { chatCommandPayload, reactionPayload } from './interaction-payloads.ts';
import type { AutocompleteChoice, AutocompleteInput, ChatCommandInput, MessageCommandInput, ReactionInput } from './types.ts';
import type { SeedMessageSpec, ShownModal, StoredMessage } from './types.ts';
import type { FakeWorld } from './world.ts';

export type WaitFor = <T>(what: string, find: () => T | undefined, timeoutMs: number) => Promise<T>;

export class UserActions {
  readonly #world: FakeWorld;
  readonly #gateway: FakeGateway;
  readonly #delivery: InteractionDelivery;
  readonly #waitFor: WaitFor;

  constructor(world: FakeWorld, gateway: FakeGateway, delivery: InteractionDelivery, waitFor: WaitFor) {
    this.#world = world;
    this.#gateway = gateway;
    this.#delivery = delivery;
    this.#waitFor = waitFor;
  }

  chatCommand(input: ChatCommandInput): SentInteraction {
    const ctx = this.#delivery.guildContext('sendChatCommand', input);
    const commandId = this.#world.commandId(ctx.guild.id, input.name);
    return this.#delivery.deliver(ctx, InteractionType.ApplicationCommand, chatCommandPayload({ ...ctx, commandId }, input));
  }

  autocomplete(input: AutocompleteInput): SentInteraction {
    const ctx = this.#delivery.guildContext('sendAutocomplete', input);
    const commandId = this.#world.commandId(ctx.guild.id, input.name);
    return this.#delivery.deliver(ctx, InteractionType.ApplicationCommandAutocomplete, autocompletePayload({ ...ctx, commandId }, input));
  }

  messageCommand(input: MessageCommandInput): SentInteraction & { targetId: string } {
    const ctx = this.#delivery.guildContext('sendMessageCommand', input);
    const spec = input.targetMessage;
    const author = this.#world.member(ctx.guild.id, spec.authorId) ?? this.#world.user(spec.authorId);
    if (!author) throw new Error(`FakeDiscord.sendMessageCommand: the target message's author ${spec.authorId} is not in the spec`);
    if (spec.id !== undefined && this.#world.messages.byId(spec.id)) {
      throw new Error(`FakeDiscord.sendMessageCommand: message ${spec.id} already exists; omit targetMessage.id to have one stored`);
    }
    const target = targetMessage(spec, author, ctx.channel.id, ctx.guild.id);
    if (spec.id === undefined) this.#world.messages.insert(target);
    const commandId = this.#world.commandId(ctx.guild.id, input.name);
    const payload = messageCommandPayload({ ...ctx, commandId }, input.name, target);
    const sent = this.#delivery.deliver(ctx, InteractionType.ApplicationCommand, payload, { targetMessageId: target.id });
    return { ...sent, targetId: target.id };
  }

  /** A message a user wrote earlier, stored silently (the bot sees it only by fetching history). */
  storeMessage(spec: SeedMessageSpec): StoredMessage {
    const info = this.#world.channel(spec.channelId);
    if (!info) throw new Error(`FakeDiscord.storeMessage: unknown channel ${spec.channelId}`);
    const guildId = info.kind === 'guild' ? info.guild.id : undefined;
    const author = (guildId ? this.#world.member(guildId, spec.authorId) : undefined) ?? this.#world.user(spec.authorId);
    if (!author) throw new Error(`FakeDiscord.storeMessage: author ${spec.authorId} is not in the spec`);
    const message = targetMessage({ content: spec.content, authorId: author.id, attachments: spec.attachments ?? [] }, author, spec.channelId, guildId);
    return this.#world.messages.insert({ ...message, embeds: spec.embeds ?? [], components: spec.components ?? [] });
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
    return this.#callback(id, InteractionResponseType.Modal, 'a modal', timeoutMs).then((data) => shownModal(data));
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
}
