import { MessageFlags, PermissionFlagsBits, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { modelFromText } from '../domain/model-names.ts';
import type { CommandContext } from './command-module.ts';
import { remixModal, remixRequest } from './remix-modal.ts';
import { deleteResult, sendTaskDetails } from './result-actions.ts';
import { parseResultButton } from './result-buttons.ts';

const PRIVATE = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/**
 * The buttons under a result (`result:<action>:<task id>`): 🔁 Rerun, ✏️ Remix, ✉️ DM me, ❌ Delete.
 * The same rules as the reactions; state is in the id and the store, so they work after a restart.
 */
export async function onResultButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const parsed = parseResultButton(interaction.customId);
  if (!parsed) return;
  const task = await context.tasks.get(parsed.taskId);
  if (!task) {
    await interaction.reply({ content: 'This video is no longer kept, so it cannot be run again or sent. Start a new one with /video.', ...PRIVATE });
    return;
  }
  const where = { guildId: interaction.guildId, channelId: interaction.channelId, messageId: interaction.message.id };
  switch (parsed.action) {
    case 'rerun':
    case 'remix':
      if (task.status !== 'succeeded' || task.resultDeletedAt !== undefined) {
        await interaction.reply({ content: 'This result can no longer be run again.', ...PRIVATE });
        return;
      }
      if (parsed.action === 'remix') return interaction.showModal(remixModal(task));
      context.log.info({ taskId: task.id, userId: interaction.user.id }, 'rerun requested by button');
      return context.video.rerunFromButton(interaction, task);
    case 'dm': {
      const sent = await sendTaskDetails(interaction.client.rest, task, interaction.user.id, where, context);
      await interaction.reply({ content: sent ? 'I sent you the details by DM.' : 'I could not DM you (your DMs are closed for this server).', ...PRIVATE });
      return;
    }
    case 'delete': {
      const allowed = interaction.user.id === task.origin.userId || interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) === true;
      if (!allowed) {
        await interaction.reply({ content: 'Only the member who asked for this video, or someone who may manage messages here, can delete it.', ...PRIVATE });
        return;
      }
      await interaction.deferUpdate();
      await deleteResult(interaction.client.rest, task, interaction.user.id, where, context);
      return;
    }
  }
}

/** The Remix form's answer: the edited request goes through the same checks and price as any other. */
export async function onRemixSubmit(interaction: ModalSubmitInteraction, context: CommandContext): Promise<void> {
  const parsed = parseResultButton(interaction.customId);
  const task = parsed && (await context.tasks.get(parsed.taskId));
  if (!task) {
    await interaction.reply({ content: 'This video is no longer kept, so it cannot be remixed.', ...PRIVATE });
    return;
  }
  // The form may have been opened before the result was deleted: the Rerun button's rule, checked on submit.
  if (task.status !== 'succeeded' || task.resultDeletedAt !== undefined) {
    await interaction.reply({ content: 'This result can no longer be run again.', ...PRIVATE });
    return;
  }
  const edited = remixRequest(
    task.request,
    {
      prompt: interaction.fields.getTextInputValue('prompt'),
      duration: interaction.fields.getTextInputValue('duration'),
      model: interaction.fields.getTextInputValue('model'),
      shots: interaction.fields.getTextInputValue('shots'),
    },
    modelFromText,
  );
  if (!edited.ok) {
    await interaction.reply({
      content: `I can’t start this video:\n${edited.problems.map((p) => `• \`${p.option}\` ${p.message}`).join('\n')}\nNothing was submitted and nothing was charged.`,
      ...PRIVATE,
    });
    return;
  }
  await context.video.rerunFromButton(interaction, task, edited.request);
}
