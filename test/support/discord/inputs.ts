// Public shapes of what tests send through FakeDiscord (interactions, reactions, seeded messages) and what they read back.

/** Where an interaction happens and who triggers it; all three must be in the guild spec. */
export interface InteractionOrigin {
  guildId: string;
  channelId: string;
  userId: string;
}

export interface ChatCommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: ChatCommandOption[];
}

export interface FakeAttachmentSpec {
  filename: string;
  contentType?: string;
  size?: number;
  width?: number;
  height?: number;
  url: string;
}

export interface ChatCommandInput {
  guildId: string;
  channelId: string;
  userId: string;
  name: string;
  options?: ChatCommandOption[];
  /** Keyed by option name; each becomes an ATTACHMENT option whose value is the auto-assigned attachment id. */
  attachments?: Record<string, FakeAttachmentSpec>;
}

export interface ReactionInput {
  guildId?: string;
  channelId: string;
  messageId: string;
  userId: string;
  /** A unicode emoji ('🔁') or a custom one as 'name:id'. */
  emoji: string;
}

/** An autocomplete request: exactly one option (possibly inside a sub-command) has `focused: true`; its value is sent as a string. */
export interface AutocompleteInput extends InteractionOrigin {
  name: string;
  options: ChatCommandOption[];
}

/** One choice the bot offered with `interaction.respond([...])`. */
export interface AutocompleteChoice {
  name: string;
  value: string | number;
}

/**
 * The message a message context-menu command targets. Without `id` the fake first stores it in the
 * channel as a message by `authorId` (no gateway event), so the bot can fetch it too; with `id` it is
 * only sent in the interaction. Attachments get ids; a missing contentType becomes application/octet-stream.
 */
export interface TargetMessageSpec {
  id?: string;
  content: string;
  authorId: string;
  attachments: FakeAttachmentSpec[];
}

export interface MessageCommandInput extends InteractionOrigin {
  name: string;
  targetMessage: TargetMessageSpec;
}

/**
 * A modal submission; each field becomes its own action row holding one text input (custom_id → value).
 * `guildId` may be omitted (it is the channel's; DM channels have none).
 */
export interface ModalSubmitInput extends Omit<InteractionOrigin, 'guildId'> {
  guildId?: string;
  customId: string;
  fields: Record<string, string>;
  /**
   * The interaction whose callback showed this modal (type 9), e.g. a button press. It must have shown a
   * modal with this customId and text inputs named like the fields, to this user in this channel. When it
   * was a component interaction, its message is sent along (`interaction.message`, `isFromMessage()`,
   * `update()` work) and the submit's response messages carry the right `interaction_metadata`.
   */
  fromInteractionId?: string;
}

/** A button press on a message the fake stores (the bot's own, ephemeral ones included). */
export interface ButtonInput {
  /** May be omitted: it is the channel's (DM channels have none). */
  guildId?: string;
  channelId: string;
  userId: string;
  messageId: string;
  /** Must be the custom_id of an enabled button on that message. */
  customId: string;
}

/** One text input of a shown modal, flattened from its label or action row. */
export interface ShownTextInput {
  custom_id: string;
  /** From the surrounding label component (or the legacy `label` of the text input). */
  label?: string;
  style?: number;
  /** The prefilled text, if the bot set one. */
  value?: string;
  required?: boolean;
  placeholder?: string;
}

/** The modal the bot answered an interaction with (callback type 9). */
export interface ShownModal {
  custom_id: string;
  title: string;
  components: unknown[];
  /** Every text input in the modal, in order, with its prefilled value. */
  inputs: ShownTextInput[];
}

/** A message someone other than the bot wrote earlier, stored without any gateway event (see storeMessage). */
export interface SeedMessageSpec {
  channelId: string;
  authorId: string;
  content: string;
  attachments?: FakeAttachmentSpec[];
  embeds?: unknown[];
  components?: unknown[];
}
