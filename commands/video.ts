import { attachmentFacts } from '../src/discord/attachment-facts.ts';
import { SlashCommandBuilder, type Attachment, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';
import { ASPECT_RATIOS, MODELS, MODEL_KEYS, isModelKey, type AspectRatio } from '../src/domain/models.ts';
import { DURATION_MAX, DURATION_MIN, PROMPT_MAX, PROMPT_MIN, VARIANTS_MAX } from '../src/domain/request.ts';
import type { AttachmentFacts } from '../src/media/image-intake.ts';

const ELEMENT_OPTIONS = ['element', 'element2', 'element3'] as const;
const REFERENCE_IMAGE_OPTIONS = ['reference_image', 'reference_image2', 'reference_image3'] as const;

/** `/video`: option names are public contract (README). */
export const data = new SlashCommandBuilder()
  .setName('video')
  .setDescription('Make a Kling 3.0 video from a prompt, optionally with frames, elements, shots or references')
  .addStringOption((o) =>
    o.setName('prompt').setDescription('What the video shows; @name uses a saved element').setRequired(true).setMinLength(PROMPT_MIN).setMaxLength(PROMPT_MAX),
  )
  .addStringOption((o) =>
    o
      .setName('model')
      .setDescription('Model (default set by the server admin)')
      .addChoices(...MODEL_KEYS.map((key) => ({ name: MODELS[key].label, value: key }))),
  )
  .addIntegerOption((o) =>
    o.setName('duration').setDescription(`Seconds, ${DURATION_MIN}–${DURATION_MAX} (default 5)`).setMinValue(DURATION_MIN).setMaxValue(DURATION_MAX),
  )
  .addStringOption((o) =>
    o
      .setName('aspect_ratio')
      .setDescription('Frame shape (default 16:9)')
      .addChoices(...ASPECT_RATIOS.map((r) => ({ name: r, value: r }))),
  )
  .addBooleanOption((o) => o.setName('sound').setDescription('Generate native audio (default off)'))
  .addStringOption((o) => o.setName('negative_prompt').setDescription('What to avoid').setMinLength(PROMPT_MIN).setMaxLength(PROMPT_MAX))
  .addAttachmentOption((o) => o.setName('first_frame').setDescription('JPG/PNG that becomes the first frame'))
  .addAttachmentOption((o) => o.setName('last_frame').setDescription('JPG/PNG that becomes the last frame (needs first_frame)'))
  .addIntegerOption((o) =>
    o.setName('variants').setDescription(`How many versions to make, 1–${VARIANTS_MAX} (default 1)`).setMinValue(1).setMaxValue(VARIANTS_MAX),
  )
  .addStringOption((o) => o.setName('provider').setDescription('Which provider runs it (default set by the server admin)').setAutocomplete(true))
  .addStringOption((o) => o.setName('element').setDescription('A saved element (character/object) to include').setAutocomplete(true))
  .addStringOption((o) => o.setName('element2').setDescription('A second saved element').setAutocomplete(true))
  .addStringOption((o) => o.setName('element3').setDescription('A third saved element').setAutocomplete(true))
  .addStringOption((o) => o.setName('shots').setDescription('Storyboard: "2s wide shot | 3s close-up" (sums to duration), or "auto"').setMaxLength(3200))
  .addAttachmentOption((o) => o.setName('reference_image').setDescription('Omni: an image to use as subject/style reference'))
  .addAttachmentOption((o) => o.setName('reference_image2').setDescription('Omni: a second reference image'))
  .addAttachmentOption((o) => o.setName('reference_image3').setDescription('Omni: a third reference image'))
  .addAttachmentOption((o) => o.setName('reference_video').setDescription('Omni: MP4/MOV, 3–10 s, 720–2160 px, 24–60 fps, ≤ 200 MB'))
  .addStringOption((o) =>
    o
      .setName('video_mode')
      .setDescription('What to do with reference_video (default: feature)')
      .addChoices({ name: 'feature: copy its motion/style', value: 'feature' }, { name: 'base: edit the video itself', value: 'base' }),
  )
  .addBooleanOption((o) => o.setName('keep_original_sound').setDescription('Keep reference_video’s own sound'));

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const options = interaction.options;
  const model = options.getString('model');
  const given = {
    model: model !== null,
    duration: options.getInteger('duration') !== null,
    aspectRatio: options.getString('aspect_ratio') !== null,
    sound: options.getBoolean('sound') !== null,
  };
  await context.video.fromCommand(
    interaction,
    {
      prompt: options.getString('prompt', true),
      negativePrompt: options.getString('negative_prompt') ?? undefined,
      model: model && isModelKey(model) ? model : context.defaultModel,
      duration: options.getInteger('duration') ?? 5,
      aspectRatio: (options.getString('aspect_ratio') as AspectRatio | null) ?? '16:9',
      sound: options.getBoolean('sound') ?? false,
      variants: options.getInteger('variants') ?? 1,
      provider: options.getString('provider') ?? undefined,
      firstFrame: attachmentFacts(options.getAttachment('first_frame')),
      lastFrame: attachmentFacts(options.getAttachment('last_frame')),
      elementNames: ELEMENT_OPTIONS.map((name) => options.getString(name)).filter((v): v is string => Boolean(v)),
      shots: options.getString('shots') ?? undefined,
      referenceImages: REFERENCE_IMAGE_OPTIONS.map((name) => attachmentFacts(options.getAttachment(name))).filter((f): f is AttachmentFacts => f !== undefined),
      referenceVideo: attachmentFacts(options.getAttachment('reference_video')),
      videoMode: (options.getString('video_mode') as 'base' | 'feature' | null) ?? undefined,
      keepOriginalSound: options.getBoolean('keep_original_sound') ?? undefined,
    },
    given,
  );
}

export async function autocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).toLowerCase();
  if (focused.name === 'provider') {
    const choices = context.providers.list().filter((p) => p.name.includes(typed) || p.label.toLowerCase().includes(typed));
    await interaction.respond(choices.map((p) => ({ name: p.label, value: p.name })));
    return;
  }
  if (!interaction.guildId) return interaction.respond([]);
  const elements = await context.elements.suggest(interaction.guildId, typed);
  await interaction.respond(elements.slice(0, 25).map((e) => ({ name: e.description ? `${e.name} — ${e.description}`.slice(0, 100) : e.name, value: e.name })));
}
