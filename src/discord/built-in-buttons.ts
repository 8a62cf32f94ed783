import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { CommandContext } from './command-module.ts';
import { parseOrderButton } from './order-buttons.ts';
import { onRemixSubmit, onResultButton } from './result-button-handler.ts';

type ButtonHandler = (interaction: ButtonInteraction, context: CommandContext) => Promise<void>;
type ModalHandler = (interaction: ModalSubmitInteraction, context: CommandContext) => Promise<void>;

/** Buttons that belong to no command: confirmations (`order:`) and results (`result:`). */
export const BUILT_IN_BUTTONS: Record<string, ButtonHandler | undefined> = {
  result: onResultButton,
  order: async (interaction, context) => {
    const parsed = parseOrderButton(interaction.customId);
    if (parsed) await context.video.confirm(interaction, parsed.action, parsed.pendingId);
  },
};

/** The Remix form (`result:remix:<task id>`). */
export const BUILT_IN_MODALS: Record<string, ModalHandler | undefined> = { result: onRemixSubmit };
