// Bodies the AWS SDKs stream with `Content-Encoding: aws-chunked`: "<hex size>[;chunk-signature=…]\r\n<data>\r\n"
// chunks, a zero-size chunk, then trailer lines (e.g. x-amz-checksum-crc32) and an empty line. Signed chunks
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) are verified one by one
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html).
import { S3Error, errors } from './s3-errors.ts';
import { EMPTY_SHA256, hmac, sameHex, sha256Hex } from './sigv4.ts';
import type { ChunkSigning } from './sigv4.ts';

export interface DecodedBody {
  data: Buffer;
  /** Trailer headers, lower-case names (x-amz-checksum-crc32, …). */
  trailers: Record<string, string>;
}

const CRLF = Buffer.from('\r\n');

/** Decodes the chunks; with `signing`, every chunk (and the trailer, when signed) must carry the right signature. */
export function decodeAwsChunked(body: Buffer, signing?: ChunkSigning): DecodedBody {
  const chunks: Buffer[] = [];
  let previous = signing?.seedSignature ?? '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, at);
    if (lineEnd < 0) throw incomplete();
    const [sizeText = '', ...extensions] = body.subarray(at, lineEnd).toString('latin1').split(';');
    const size = Number.parseInt(sizeText, 16);
    if (!/^[0-9a-fA-F]+$/.test(sizeText) || !Number.isSafeInteger(size)) throw incomplete();
    const data = body.subarray(lineEnd + 2, lineEnd + 2 + size);
    if (data.length !== size) throw incomplete();
    if (signing) {
      const provided = extensions.find((e) => e.startsWith('chunk-signature='))?.slice('chunk-signature='.length) ?? '';
      const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', signing.amzDate, signing.scope, previous, EMPTY_SHA256, sha256Hex(data)].join('\n');
      const expected = hmac(signing.key, stringToSign).toString('hex');
      if (!sameHex(expected, provided)) throw errors.signatureDoesNotMatch({ StringToSign: stringToSign, SignatureProvided: provided });
      previous = expected;
    }
    at = lineEnd + 2 + size;
    if (size === 0) break;
    if (!body.subarray(at, at + 2).equals(CRLF)) throw incomplete();
    at += 2;
    chunks.push(data);
  }
  return { data: Buffer.concat(chunks), trailers: readTrailers(body.subarray(at).toString('latin1'), signing, previous) };
}

function readTrailers(text: string, signing: ChunkSigning | undefined, previous: string): Record<string, string> {
  const trailers: Record<string, string> = {};
  let signature: string | undefined;
  let canonical = '';
  for (const line of text.split('\r\n')) {
    if (line.length === 0) continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw incomplete();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      signature = value;
    } else {
      trailers[name] = value;
      canonical += `${name}:${value}\n`;
    }
  }
  if (signing && signature !== undefined) {
    const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', signing.amzDate, signing.scope, previous, sha256Hex(canonical)].join('\n');
    if (!sameHex(hmac(signing.key, stringToSign).toString('hex'), signature)) {
      throw errors.signatureDoesNotMatch({ StringToSign: stringToSign, SignatureProvided: signature });
    }
  }
  return trailers;
}

function incomplete(): S3Error {
  return new S3Error(400, 'IncompleteBody', 'The request body terminated unexpectedly');
}
