import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { CommandContext } from './command-module.ts';
import { parseOrderButton } from './order-buttons.ts';

type ButtonHandler = (interaction: ButtonInteraction, context: CommandContext) => Promise<void>;
type ModalHandler = (interaction: ModalSubmitInteraction, context: CommandContext) => Promise<void>;

/** Buttons that belong to no command: confirmations (`order:`). */
export const BUILT_IN_BUTTONS: Record<string, ButtonHandler | undefined> = {
  order: async (interaction, context) => {
    const parsed = parseOrderButton(interaction.customId);
    if (parsed) await context.video.confirm(interaction, parsed.action, parsed.pendingId);
  },
};

export const BUILT_IN_MODALS: Record<string, ModalHandler | undefined> = {};
