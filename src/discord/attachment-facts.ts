import type { Attachment } from 'discord.js';
import type { AttachmentFacts } from '../media/image-intake.ts';

/** What Discord says about an attachment, before anything is downloaded. */
export function attachmentFacts(attachment: Attachment | null | undefined): AttachmentFacts | undefined {
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
