import { attachmentFacts } from './attachment-facts.ts';
import { MessageFlags, PermissionFlagsBits, type Attachment, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from './command-module.ts';
import type { AttachmentFacts } from '../media/image-intake.ts';
import { intakeCreateImages, precheckCreate, type CreateAttachments } from '../elements/element-attachments.ts';
import { unknownElement } from '../elements/element-library.ts';
import type { StoredElement } from '../elements/element-types.ts';
import { describeMedia, infoReply, listReply, unsavedLine, withoutImages, type ElementReply } from './element-messages.ts';
import { elementProviders, providerElements } from '../elements/element-providers.ts';
import { descriptionProblem, nameProblem, nameTakenProblem, parseTags, providerIdProblem } from '../elements/element-rules.ts';

type Interaction = ChatInputCommandInteraction<'cached' | 'raw'>;
const NO_PINGS = { parse: [] };

/** `/element create`: every check Discord's data allows before acknowledging, then the images, then the providers. */
export async function createElement(interaction: Interaction, context: CommandContext): Promise<void> {
  const o = interaction.options;
  const name = o.getString('name', true);
  const description = o.getString('description') ?? undefined;
  const tags = parseTags(o.getString('tags'));
  const files: CreateAttachments = {
    frontal: attachmentFacts(o.getAttachment('frontal_image')),
    images: (['image2', 'image3', 'image4'] as const).flatMap((option) => {
      const f = attachmentFacts(o.getAttachment(option));
      return f ? [{ option, facts: f }] : [];
    }),
    voice: attachmentFacts(o.getAttachment('voice')),
    video: attachmentFacts(o.getAttachment('video')),
  };
  const early = [nameProblem(name), descriptionProblem(description), tags.ok ? null : tags.problem, ...precheckCreate(files)].filter(
    (p): p is string => p !== null,
  );
  if (early.length === 0) {
    const existing = await context.elements.get(interaction.guildId, name);
    if (existing) early.push(nameTakenProblem(existing.name));
  }
  if (early.length > 0) return refuse(interaction, 'I can’t create this element (nothing was saved or uploaded):', early);
  await interaction.deferReply();
  const images = await intakeCreateImages(files, context.media);
  if (!images.ok) return refuse(interaction, 'I can’t create this element (nothing was saved or uploaded):', [images.problem]);
  const result = await context.elements.create(interaction.guildId, interaction.user.id, {
    name,
    description,
    tags: tags.ok ? tags.tags : [],
    frontal: images.frontal,
    images: images.images,
    voiceUrl: files.voice?.url,
    videoUrl: files.video?.url,
  });
  if (!result.ok) return refuse(interaction, 'I can’t create this element:', [result.problem]);
  await interaction.editReply({ content: saved(result.element, 'created', result.warnings), allowedMentions: NO_PINGS });
}

/** `/element save`: names an element that already exists at a provider. */
export async function saveElement(interaction: Interaction, context: CommandContext): Promise<void> {
  const o = interaction.options;
  const input = {
    name: o.getString('name', true),
    provider: o.getString('provider', true),
    id: o.getString('id', true),
    description: o.getString('description') ?? undefined,
  };
  const early = [nameProblem(input.name), descriptionProblem(input.description), providerIdProblem(input.id)].filter((p): p is string => p !== null);
  if (early.length > 0) return refuse(interaction, 'I can’t save this element:', early);
  await interaction.deferReply();
  const result = await context.elements.save(interaction.guildId, interaction.user.id, input);
  if (!result.ok) return refuse(interaction, 'I can’t save this element:', [result.problem]);
  await interaction.editReply({ content: saved(result.element, 'saved', result.warnings), allowedMentions: NO_PINGS });
}

/** `/element list`: the server's elements with thumbnails, and provider elements not saved here yet. */
export async function listElements(interaction: Interaction, context: CommandContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const elements = await context.elements.list(interaction.guildId);
  const lines: string[] = [];
  for (const provider of elementProviders(context.providers)) {
    const listed = await providerElements(provider, context.log);
    const line = listed ? unsavedLine(provider, listed, elements) : null;
    if (line) lines.push(line);
  }
  const reply = await listReply(elements, context.media, lines, context.log);
  await sendWithImages(reply, context, (r) => interaction.editReply({ ...r, allowedMentions: NO_PINGS }));
}

export async function elementInfo(interaction: Interaction, context: CommandContext): Promise<void> {
  const name = interaction.options.getString('name', true);
  const element = await context.elements.get(interaction.guildId, name);
  if (!element) return refuse(interaction, 'I can’t show this element:', [`\`name\` ${unknownElement(name.replace(/^@/, ''))}`]);
  const reply = await infoReply(element, context.media, context.log);
  await sendWithImages(reply, context, (r) => interaction.reply({ ...r, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS }));
}

/** `/element delete`: only its creator or someone with Manage Server. */
export async function deleteElement(interaction: Interaction, context: CommandContext): Promise<void> {
  const name = interaction.options.getString('name', true);
  const canManageServer = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const result = await context.elements.remove(interaction.guildId, name, { userId: interaction.user.id, canManageServer });
  if (!result.ok) {
    const problem = result.problem.startsWith('no element') ? `\`name\` ${result.problem}` : result.problem;
    return refuse(interaction, 'I can’t delete this element:', [problem]);
  }
  await interaction.reply({
    content: `🗑️ <@${interaction.user.id}> deleted the element \`${name.replace(/^@/, '')}\` from this server. (Copies kept by the providers are not deleted; \`/element save\` can bring one back by its id.)`,
    allowedMentions: NO_PINGS,
  });
}

/** Problems are private, name the option and the limit; a deferred reply is replaced by a private follow-up. */
export async function refuse(interaction: ChatInputCommandInteraction, heading: string, problems: string[]): Promise<void> {
  const lines = problems.flatMap((p) => p.split('\n')).map((line) => (line.endsWith(':') ? line : `• ${line}`));
  const content = `${heading}\n${lines.join('\n')}`.slice(0, 2000);
  if (interaction.deferred || interaction.replied) {
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  }
}

/** Sends the reply; if the images cannot be uploaded, sends it again without them (and logs why). */
async function sendWithImages(reply: ElementReply, context: CommandContext, send: (reply: ElementReply) => Promise<unknown>): Promise<void> {
  try {
    await send(reply);
  } catch (error) {
    if (reply.files.length === 0) throw error;
    context.log.warn({ detail: error instanceof Error ? error.message : String(error) }, 'could not upload element images; answering without them');
    await send(withoutImages(reply));
  }
}

function saved(element: StoredElement, verb: 'created' | 'saved', warnings: string[]): string {
  const providers = Object.keys(element.providerIds).join(', ') || 'no provider';
  const lines = [
    `✅ <@${element.creatorId}> ${verb} the element **${element.name}** (${describeMedia(element)}; registered with ${providers}). Use it as \`@${element.name}\` in a /video prompt.`,
    ...warnings.map((w) => `⚠️ ${w}`),
  ];
  return lines.join('\n').slice(0, 2000);
}
