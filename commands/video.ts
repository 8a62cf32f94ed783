import { SlashCommandBuilder, type ChatInputCommandInteraction, type Attachment } from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';
import { ASPECT_RATIOS, MODELS, MODEL_KEYS, isModelKey, type AspectRatio } from '../src/domain/models.ts';
import { DURATION_MAX, DURATION_MIN, PROMPT_MAX, PROMPT_MIN, VARIANTS_MAX } from '../src/domain/request.ts';
import type { AttachmentFacts } from '../src/media/image-intake.ts';

/** `/video`: option names are public contract (README). */
export const data = new SlashCommandBuilder()
  .setName('video')
  .setDescription('Make a Kling 3.0 video from a prompt, optionally with first/last frame images')
  .addStringOption((o) => o.setName('prompt').setDescription('What the video shows').setRequired(true).setMinLength(PROMPT_MIN).setMaxLength(PROMPT_MAX))
  .addStringOption((o) =>
    o.setName('model').setDescription('Model (default set by the server admin)').addChoices(...MODEL_KEYS.map((key) => ({ name: MODELS[key].label, value: key }))),
  )
  .addIntegerOption((o) => o.setName('duration').setDescription(`Seconds, ${DURATION_MIN}–${DURATION_MAX} (default 5)`).setMinValue(DURATION_MIN).setMaxValue(DURATION_MAX))
  .addStringOption((o) => o.setName('aspect_ratio').setDescription('Frame shape (default 16:9)').addChoices(...ASPECT_RATIOS.map((r) => ({ name: r, value: r }))))
  .addBooleanOption((o) => o.setName('sound').setDescription('Generate native audio (default off)'))
  .addStringOption((o) => o.setName('negative_prompt').setDescription('What to avoid').setMinLength(PROMPT_MIN).setMaxLength(PROMPT_MAX))
  .addAttachmentOption((o) => o.setName('first_frame').setDescription('JPG/PNG that becomes the first frame'))
  .addAttachmentOption((o) => o.setName('last_frame').setDescription('JPG/PNG that becomes the last frame (needs first_frame)'))
  .addIntegerOption((o) => o.setName('variants').setDescription(`How many versions to make, 1–${VARIANTS_MAX} (default 1)`).setMinValue(1).setMaxValue(VARIANTS_MAX));

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const options = interaction.options;
  const model = options.getString('model');
  await context.video.fromInteraction(interaction, {
    prompt: options.getString('prompt', true),
    negativePrompt: options.getString('negative_prompt') ?? undefined,
    model: model && isModelKey(model) ? model : context.defaultModel,
    duration: options.getInteger('duration') ?? 5,
    aspectRatio: (options.getString('aspect_ratio') as AspectRatio | null) ?? '16:9',
    sound: options.getBoolean('sound') ?? false,
    variants: options.getInteger('variants') ?? 1,
    firstFrame: facts(options.getAttachment('first_frame')),
    lastFrame: facts(options.getAttachment('last_frame')),
  });
}

function facts(attachment: Attachment | null): AttachmentFacts | undefined {
  if (!attachment) return undefined;
  return {
    url: attachment.url,
    filename: attachment.name,
    contentType: attachment.contentType,
    bytes: attachment.size,
    width: attachment.width,
    height: attachment.height,
  };
}
