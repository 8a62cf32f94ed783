import { MessageFlags, type Interaction } from 'discord.js';
import type { Logger } from '../logging/log.ts';
import type { CommandContext, CommandModule } from './command-module.ts';
import { BUILT_IN_BUTTONS, BUILT_IN_MODALS } from './built-in-buttons.ts';
import { describe } from './discord-notifier.ts';

/** Sends each interaction to its command module; unexpected errors get a short reply and a log line. */
export function makeInteractionRouter(commands: Map<string, CommandModule>, context: CommandContext, log: Logger) {
  return async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      await command?.autocomplete?.(interaction, context).catch((error: unknown) => log.warn({ err: describe(error) }, 'autocomplete failed'));
      return;
    }
    let run: (() => Promise<void>) | undefined;
    let name: string;
    if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
      name = interaction.commandName;
      const command = commands.get(name);
      run = command && (() => command.execute(interaction, context));
    } else if (interaction.isModalSubmit()) {
      name = interaction.customId.split(':')[0] ?? '';
      const command = commands.get(name);
      const handler = command?.modalSubmit ?? BUILT_IN_MODALS[name];
      run = handler && (() => handler(interaction, context));
    } else if (interaction.isButton()) {
      // `<owner>:…`: a command's own buttons (its name), or the bot's (results, confirmations).
      name = interaction.customId.split(':')[0] ?? '';
      const handler = commands.get(name)?.button ?? BUILT_IN_BUTTONS[name];
      run = handler && (() => handler(interaction, context));
    } else {
      return;
    }
    if (!run) {
      log.warn({ command: name }, 'no handler for interaction');
      return;
    }
    try {
      await run();
    } catch (error) {
      log.error({ interactionId: interaction.id, command: name, err: error instanceof Error ? error : describe(error) }, 'command failed');
      const content = `Something went wrong on our side; nothing was charged. (reference ${interaction.id})`;
      try {
        if (interaction.deferred || interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
        else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
      } catch (replyError) {
        log.warn({ interactionId: interaction.id, err: describe(replyError) }, 'could not tell the user about the failure');
      }
    }
  };
}
