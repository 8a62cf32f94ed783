// Buttons and modal submits, as a Discord client would send them: only buttons that are really on the
// message (enabled, visible to that user), and modal submits that match the modal the bot showed.
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { APIApplicationCommandInteractionMetadata, APIMessageComponentInteractionMetadata } from 'discord-api-types/v10';
import { buttonPayload, modalSubmitPayload } from './component-payloads.ts';
import { enabledButtonIds, shownModal } from './components.ts';
import { apiUser } from './fixtures.ts';
import type { InteractionDelivery, SentInteraction } from './interaction-delivery.ts';
import { commandMetadata, componentMetadata, modalSubmitMetadata } from './interaction-messages.ts';
import { nextSnowflake } from './snowflake.ts';
import type { ButtonInput, ModalSubmitInput, StoredMessage } from './types.ts';
import type { FakeWorld, InteractionState } from './world.ts';

export class ComponentActions {
  readonly #world: FakeWorld;
  readonly #delivery: InteractionDelivery;

  constructor(world: FakeWorld, delivery: InteractionDelivery) {
    this.#world = world;
    this.#delivery = delivery;
  }

  button(input: ButtonInput): SentInteraction {
    const fail = (why: string): never => {
      throw new Error(`FakeDiscord.sendButton: ${why}`);
    };
    const ctx = this.#delivery.anyContext('sendButton', input);
    const message = this.#world.messages.get(input.channelId, input.messageId) ?? fail(`no message ${input.messageId} in channel ${input.channelId}`);
    const buttons = enabledButtonIds(message.components);
    if (!buttons.includes(input.customId)) {
      fail(`message ${message.id} has no enabled button with custom_id ${JSON.stringify(input.customId)} (it has ${JSON.stringify(buttons)})`);
    }
    const viewer = message.interaction_metadata?.user.id;
    if ((message.flags & MessageFlags.Ephemeral) !== 0 && viewer !== input.userId) {
      fail(`message ${message.id} is ephemeral: only user ${viewer ?? '(unknown)'} sees its buttons`);
    }
    const metadata = componentMetadata(ctx, apiUser(ctx.user), message.id);
    const payload = buttonPayload(ctx, input.customId, this.#world.messages.toApi(message));
    return this.#delivery.deliver(ctx, InteractionType.MessageComponent, payload, { messageId: message.id, metadata });
  }

  modalSubmit(input: ModalSubmitInput): SentInteraction {
    if (Object.keys(input.fields).length === 0) throw new Error('FakeDiscord.sendModalSubmit: a modal has at least one field');
    const ctx = this.#delivery.anyContext('sendModalSubmit', input);
    const user = apiUser(ctx.user);
    if (input.fromInteractionId === undefined) {
      // A modal the test did not open through the fake: Discord still names the command that opened it.
      const triggering = commandMetadata({ ...ctx, id: nextSnowflake() }, user);
      const payload = modalSubmitPayload(ctx, input.customId, input.fields);
      return this.#delivery.deliver(ctx, InteractionType.ModalSubmit, payload, { metadata: modalSubmitMetadata(ctx, user, triggering) });
    }
    const from = this.#opener(input);
    const message: StoredMessage | undefined = from.messageId ? this.#world.messages.byId(from.messageId) : undefined;
    const triggering = from.metadata as APIApplicationCommandInteractionMetadata | APIMessageComponentInteractionMetadata; // #opener excludes modal submits
    const payload = modalSubmitPayload(ctx, input.customId, input.fields, message ? this.#world.messages.toApi(message) : undefined);
    return this.#delivery.deliver(ctx, InteractionType.ModalSubmit, payload, {
      ...(message ? { messageId: message.id } : {}),
      metadata: modalSubmitMetadata(ctx, user, triggering),
    });
  }

  /** The interaction that showed the modal, checked against what the submit claims. */
  #opener(input: ModalSubmitInput): InteractionState {
    const fail = (why: string): never => {
      throw new Error(`FakeDiscord.sendModalSubmit: ${why}`);
    };
    const id = input.fromInteractionId ?? '';
    const from = this.#world.interaction(id) ?? fail(`no interaction ${id} was sent`);
    const callback = from.record.callback;
    if (callback?.type !== InteractionResponseType.Modal) fail(`interaction ${id} was not answered with a modal (callback ${callback?.type ?? 'none yet'})`);
    if (from.type === InteractionType.ModalSubmit) fail(`interaction ${id} is a modal submit; those cannot open modals`);
    if (from.userId !== input.userId || from.channelId !== input.channelId) {
      fail(`the modal of interaction ${id} was shown to user ${from.userId} in channel ${from.channelId}`);
    }
    const modal = shownModal(callback?.data);
    if (modal.custom_id !== input.customId) fail(`the modal shown has custom_id ${JSON.stringify(modal.custom_id)}, not ${JSON.stringify(input.customId)}`);
    const shownIds = modal.inputs.map((i) => i.custom_id);
    const unknown = Object.keys(input.fields).filter((f) => !shownIds.includes(f));
    if (unknown.length > 0) fail(`fields ${JSON.stringify(unknown)} are not text inputs of the modal (it has ${JSON.stringify(shownIds)})`);
    const missing = modal.inputs.filter((i) => i.required !== false && !(i.custom_id in input.fields)).map((i) => i.custom_id);
    if (missing.length > 0) fail(`required text inputs ${JSON.stringify(missing)} were left empty`);
    return from;
  }
}
