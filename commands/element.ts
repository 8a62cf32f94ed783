import {
  InteractionContextType,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';
import { createElement, deleteElement, elementInfo, listElements, refuse, saveElement } from '../src/discord/element-handlers.ts';
import { elementProviders } from '../src/elements/element-providers.ts';
import { DESCRIPTION_MAX, NAME_MAX, NAME_MIN, PROVIDER_ID_MAX } from '../src/elements/element-rules.ts';

const nameHelp = `${NAME_MIN}–${NAME_MAX} letters, digits, _ or - (use it as @name in prompts)`;

/** `/element`: the server's shared library of characters and objects (option names are public contract). */
export const data = new SlashCommandBuilder()
  .setName('element')
  .setDescription('Saved characters and objects of this server, usable as @name in /video prompts')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('create')
      .setDescription('Save a character or object from images (or a reference video)')
      .addStringOption((o) => o.setName('name').setDescription(nameHelp).setRequired(true).setMinLength(NAME_MIN).setMaxLength(NAME_MAX))
      .addAttachmentOption((o) => o.setName('frontal_image').setDescription('JPG/PNG, front view (required unless you give a video)'))
      .addAttachmentOption((o) => o.setName('image2').setDescription('JPG/PNG, another angle'))
      .addAttachmentOption((o) => o.setName('image3').setDescription('JPG/PNG, another angle'))
      .addAttachmentOption((o) => o.setName('image4').setDescription('JPG/PNG, another angle'))
      .addStringOption((o) => o.setName('description').setDescription(`What it is, up to ${DESCRIPTION_MAX} characters`).setMaxLength(DESCRIPTION_MAX))
      .addAttachmentOption((o) => o.setName('voice').setDescription('Voice clip (MP3/WAV/M4A/AAC/OGG), only with images'))
      .addAttachmentOption((o) => o.setName('video').setDescription('MP4/MOV reference video, instead of images'))
      .addStringOption((o) => o.setName('tags').setDescription('Comma-separated tags, e.g. character, hero')),
  )
  .addSubcommand((s) =>
    s
      .setName('save')
      .setDescription('Save an element that already exists at a provider, by its id')
      .addStringOption((o) => o.setName('name').setDescription(nameHelp).setRequired(true).setMinLength(NAME_MIN).setMaxLength(NAME_MAX))
      .addStringOption((o) => o.setName('provider').setDescription('Provider that has the element').setRequired(true).setAutocomplete(true))
      .addStringOption((o) => o.setName('id').setDescription('The provider’s element id').setRequired(true).setMaxLength(PROVIDER_ID_MAX))
      .addStringOption((o) => o.setName('description').setDescription(`What it is, up to ${DESCRIPTION_MAX} characters`).setMaxLength(DESCRIPTION_MAX)),
  )
  .addSubcommand((s) => s.setName('list').setDescription('The elements saved in this server'))
  .addSubcommand((s) =>
    s
      .setName('info')
      .setDescription('Everything about one element')
      .addStringOption((o) => o.setName('name').setDescription('Element name').setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) =>
    s
      .setName('delete')
      .setDescription('Delete an element (its creator or Manage Server)')
      .addStringOption((o) => o.setName('name').setDescription('Element name').setRequired(true).setAutocomplete(true)),
  );

const HANDLERS = { create: createElement, save: saveElement, list: listElements, info: elementInfo, delete: deleteElement } as const;

export async function execute(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, context: CommandContext): Promise<void> {
  if (!interaction.isChatInputCommand()) return;
  if (!interaction.inGuild()) {
    return refuse(interaction, 'I can’t do that here:', ['elements belong to a server: use /element in a server channel']);
  }
  const sub = interaction.options.getSubcommand(true);
  const handler = HANDLERS[sub as keyof typeof HANDLERS] as (typeof HANDLERS)[keyof typeof HANDLERS] | undefined;
  if (!handler) {
    context.log.warn({ subcommand: sub }, 'unknown /element subcommand');
    return;
  }
  await handler(interaction, context);
}

export async function autocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = focused.value.trim().toLowerCase();
  if (focused.name === 'provider') {
    const choices = elementProviders(context.providers)
      .filter((p) => !typed || p.name.toLowerCase().includes(typed) || p.label.toLowerCase().includes(typed))
      .map((p) => ({ name: p.label, value: p.name }));
    await interaction.respond(choices.slice(0, 25));
    return;
  }
  if (!interaction.guildId) {
    await interaction.respond([]);
    return;
  }
  const elements = await context.elements.suggest(interaction.guildId, focused.value);
  await interaction.respond(elements.map((e) => ({ name: choiceLabel(e.name, e.description), value: e.name })));
}

function choiceLabel(name: string, description: string | undefined): string {
  const label = description ? `${name} — ${description}` : name;
  return label.length <= 100 ? label : `${label.slice(0, 99)}…`;
}
