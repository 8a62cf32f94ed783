// Just enough XML for S3: escaping, elements, and reading a CompleteMultipartUpload body.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (whole: string, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    const entry = Object.entries(ESCAPES).find(([, entity]) => entity === `&${name};`);
    return entry ? entry[0] : whole;
  });
}

/** `<name>text</name>` with the text escaped. */
export function text(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole S3 response document. */
export function document(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
  checksumCRC32?: string;
}

/** The parts listed in a CompleteMultipartUpload request body; undefined when it is not one. */
export function completedParts(body: string): CompletedPart[] | undefined {
  if (!/<CompleteMultipartUpload[\s>]/.test(body)) return undefined;
  const parts: CompletedPart[] = [];
  for (const match of body.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const inner = match[1] ?? '';
    const field = (name: string): string | undefined => {
      const found = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(inner)?.[1];
      return found === undefined ? undefined : unescapeXml(found.trim());
    };
    const partNumber = Number(field('PartNumber'));
    const etag = field('ETag');
    if (!Number.isInteger(partNumber) || etag === undefined) return undefined;
    const checksumCRC32 = field('ChecksumCRC32');
    parts.push({ partNumber, etag, ...(checksumCRC32 ? { checksumCRC32 } : {}) });
  }
  return parts.length > 0 ? parts : undefined;
}
