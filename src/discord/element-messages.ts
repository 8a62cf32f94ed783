import type { APIEmbed } from 'discord.js';
import type { ImageRef } from '../domain/request.ts';
import type { Logger } from '../logging/log.ts';
import type { MediaStore } from '../media/media-store.ts';
import type { ProviderElement, VideoProvider } from '../providers/provider.ts';
import type { StoredElement } from '../elements/element-types.ts';
import { normaliseName } from '../elements/element-rules.ts';

/** Discord allows 10 embeds per message. */
export const EMBEDS_PER_MESSAGE = 10;
/** Thumbnails per message stay under Discord's 10 MiB upload limit for bots. */
const FILE_BUDGET_BYTES = 8 * 1024 * 1024;
const ACCENT = 0x5865f2;

export interface FilePayload {
  attachment: Buffer;
  name: string;
}

export interface ElementReply {
  content: string;
  embeds: APIEmbed[];
  files: FilePayload[];
}

/** What the element is made of, in a few words. */
export function describeMedia(e: StoredElement): string {
  if (e.videoUrl) return 'reference video';
  if (e.frontal) {
    const more = e.images?.length ?? 0;
    return `frontal image${more > 0 ? ` + ${more} more image${more > 1 ? 's' : ''}` : ''}${e.voiceUrl ? ' + voice' : ''}`;
  }
  const providers = Object.keys(e.providerIds);
  return `saved from a provider id (${providers.join(', ') || 'none'})`;
}

/** `/element list`: one embed per element (frontal image as an attached thumbnail), at most 10. */
export async function listReply(elements: StoredElement[], media: MediaStore, unsaved: string[], log: Logger): Promise<ElementReply> {
  const shown = elements.slice(0, EMBEDS_PER_MESSAGE);
  const rest = elements.slice(EMBEDS_PER_MESSAGE);
  const lines = [
    elements.length === 0
      ? 'No elements in this server yet — make one with /element create.'
      : `**${elements.length} element${elements.length > 1 ? 's' : ''} in this server** — use one as \`@name\` in a /video prompt.`,
  ];
  if (rest.length > 0)
    lines.push(`Showing ${shown.length}; ${rest.length} more not shown: ${clip(rest.map((e) => `\`${e.name}\``).join(', '), 600)} (see /element info).`);
  lines.push(...unsaved);
  const files: FilePayload[] = [];
  const embeds: APIEmbed[] = [];
  let budget = FILE_BUDGET_BYTES;
  for (const element of shown) {
    const embed: APIEmbed = {
      title: element.name,
      color: ACCENT,
      description: clip(
        [element.description, `${describeMedia(element)} · by <@${element.creatorId}> · <t:${Math.floor(element.createdAt / 1000)}:d>`, tagLine(element)]
          .filter(Boolean)
          .join('\n'),
        4000,
      ),
    };
    const file = element.frontal && element.frontal.bytes <= budget ? await imageFile(element, element.frontal, media, log) : undefined;
    if (file) {
      budget -= file.attachment.byteLength;
      files.push(file);
      embed.thumbnail = { url: `attachment://${file.name}` };
    }
    embeds.push(embed);
  }
  return { content: clip(lines.join('\n'), 2000), embeds, files };
}

/** `/element info`: everything about one element, with its frontal image. */
export async function infoReply(element: StoredElement, media: MediaStore, log: Logger): Promise<ElementReply> {
  const created = Math.floor(element.createdAt / 1000);
  const ids = Object.entries(element.providerIds)
    .map(([provider, id]) => `${provider}: \`${id}\``)
    .join('\n');
  const fields = [
    { name: 'Tags', value: element.tags?.length ? element.tags.join(', ') : '—', inline: true },
    { name: 'Creator', value: `<@${element.creatorId}>`, inline: true },
    { name: 'Created', value: `<t:${created}:f>`, inline: true },
    { name: 'Made of', value: describeMedia(element), inline: true },
    { name: 'Provider ids', value: clip(ids || 'none', 1024), inline: false },
  ];
  if (element.voiceUrl) fields.push({ name: 'Voice', value: clip(element.voiceUrl, 1024), inline: false });
  if (element.videoUrl) fields.push({ name: 'Reference video', value: clip(element.videoUrl, 1024), inline: false });
  const embed: APIEmbed = { title: element.name, color: ACCENT, description: element.description ?? '*no description*', fields };
  const file = element.frontal ? await imageFile(element, element.frontal, media, log) : undefined;
  if (file) embed.image = { url: `attachment://${file.name}` };
  return { content: `Use it as \`@${element.name}\` in a /video prompt.`, embeds: [embed], files: file ? [file] : [] };
}

/** The same reply without attached images (when uploading them failed). */
export function withoutImages(reply: ElementReply): ElementReply {
  const embeds = reply.embeds.map((embed) => {
    const { thumbnail: _thumbnail, image: _image, ...rest } = embed;
    return rest;
  });
  return { ...reply, embeds, files: [] };
}

/** The line about the account's own provider elements that this server has not saved yet. */
export function unsavedLine(provider: VideoProvider, listed: ProviderElement[], saved: StoredElement[]): string | null {
  const known = new Set(saved.map((e) => e.providerIds[provider.name]).filter(Boolean));
  const fresh = listed.filter((e) => !known.has(e.id));
  if (fresh.length === 0) return null;
  const shown = fresh
    .slice(0, 8)
    .map((e) => `\`${e.name}\` (id \`${e.id}\`)`)
    .join(', ');
  const more = fresh.length > 8 ? ` and ${fresh.length - 8} more` : '';
  return `${provider.label} account elements not saved here yet: ${shown}${more} — add one with \`/element save provider:${provider.name} id:<id> name:<name>\`.`;
}

async function imageFile(element: StoredElement, image: ImageRef, media: MediaStore, log: Logger): Promise<FilePayload | undefined> {
  try {
    const bytes = await media.read(image);
    return { attachment: Buffer.from(bytes), name: `${normaliseName(element.name)}.${image.contentType === 'image/png' ? 'png' : 'jpg'}` };
  } catch (error) {
    log.warn(
      { guildId: element.guildId, element: element.name, mediaId: image.mediaId, detail: error instanceof Error ? error.message : String(error) },
      'element image missing from the media store',
    );
    return undefined;
  }
}

function tagLine(e: StoredElement): string | undefined {
  return e.tags?.length ? `Tags: ${e.tags.join(', ')}` : undefined;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
