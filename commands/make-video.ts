import { attachmentFacts } from '../src/discord/attachment-facts.ts';
import {
  ActionRowBuilder,
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';
import { modelFromText } from '../src/domain/model-names.ts';
import type { AttachmentFacts } from '../src/media/image-intake.ts';

const NAME = 'Make video';

/** Message context menu: turn a posted image (and a second one as the last frame) into a video. */
export const data = new ContextMenuCommandBuilder().setName(NAME).setType(ApplicationCommandType.Message);

interface Draft {
  frames: AttachmentFacts[];
  sourceMessageUrl: string;
}

export async function execute(interaction: MessageContextMenuCommandInteraction, context: CommandContext): Promise<void> {
  const message = interaction.targetMessage;
  const images = [...message.attachments.values()].filter((a) => a.contentType?.startsWith('image/') || /\.(png|jpe?g|gif|webp)$/i.test(a.name));
  if (images.length === 0) {
    await interaction.reply({
      content: 'That message has no images: "Make video" needs one (the first frame) or two (first and last frame).',
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const frames = images.slice(0, 2).flatMap((a) => attachmentFacts(a) ?? []);
  const sourceMessageUrl = `https://discord.com/channels/${interaction.guildId ?? '@me'}/${message.channelId}/${message.id}`;
  // The modal's answer only carries its custom id, so the images wait in the store (15 minutes).
  await context.kv.set(`draft:${interaction.id}`, { frames, sourceMessageUrl } satisfies Draft, 15 * 60_000);
  const field = (id: string, label: string, style: TextInputStyle, value: string | undefined, required: boolean, placeholder?: string) => {
    const input = new TextInputBuilder().setCustomId(id).setLabel(label).setStyle(style).setRequired(required);
    if (value) input.setValue(value.slice(0, 2500));
    if (placeholder) input.setPlaceholder(placeholder);
    return new ActionRowBuilder<TextInputBuilder>().addComponents(input);
  };
  const modal = new ModalBuilder()
    .setCustomId(`${NAME}:${interaction.id}`)
    .setTitle(images.length > 1 ? 'Video from these two images' : 'Video from this image')
    .addComponents(
      field('prompt', 'Prompt', TextInputStyle.Paragraph, message.content || undefined, true),
      field('duration', 'Duration in seconds (3–15)', TextInputStyle.Short, '5', false),
      field('model', 'Model', TextInputStyle.Short, undefined, false, 'standard, pro, 4k, omni standard, omni pro, omni 4k'),
    );
  await interaction.showModal(modal);
}

export async function modalSubmit(interaction: ModalSubmitInteraction, context: CommandContext): Promise<void> {
  const draftId = interaction.customId.slice(NAME.length + 1);
  const draft = (await context.kv.get<Draft>(`draft:${draftId}`)) ?? undefined;
  if (!draft) {
    await interaction.reply({ content: 'This form expired: use "Make video" on the message again.', flags: MessageFlags.Ephemeral });
    return;
  }
  const durationText = interaction.fields.getTextInputValue('duration').trim() || '5';
  const modelText = interaction.fields.getTextInputValue('model').trim();
  const model = modelText ? modelFromText(modelText) : context.defaultModel;
  const problems: string[] = [];
  if (!/^\d+$/.test(durationText)) problems.push(`• \`duration\` must be a whole number of seconds (got “${durationText.slice(0, 20)}”)`);
  if (!model) problems.push(`• \`model\` “${modelText.slice(0, 40)}” is not one I know: try standard, pro, 4k, omni standard, omni pro or omni 4k`);
  if (problems.length > 0 || !model) {
    await interaction.reply({
      content: `I can’t start this video:\n${problems.join('\n')}\nNothing was submitted and nothing was charged.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  await context.video.fromCommand(
    interaction,
    {
      prompt: interaction.fields.getTextInputValue('prompt'),
      model,
      duration: Number(durationText),
      aspectRatio: '16:9',
      sound: false,
      variants: 1,
      firstFrame: draft.frames[0],
      lastFrame: draft.frames[1],
      sourceMessageUrl: draft.sourceMessageUrl,
    },
    { model: modelText !== '', duration: interaction.fields.getTextInputValue('duration').trim() !== '' },
  );
}
