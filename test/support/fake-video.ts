// The "generated videos" the fake providers serve: deterministic bytes of any size, produced in chunks
// as they are read, so a test can ask for a video larger than Discord's upload limit without holding it
// in memory, and compare what the bot attached with what the provider served (bytes or SHA-256).
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** Size of a served video unless a test asks for another (a few KiB, like a tiny clip). */
export const DEFAULT_VIDEO_BYTES = 4096;

/** Discord's attachment limit for bots in servers without boosts (10 MiB). */
export const DISCORD_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

const CHUNK_BYTES = 64 * 1024;
/** An ISO-BMFF `ftyp` box (24 bytes): enough for sniffers to call the file an MP4. */
const FTYP = Buffer.concat([
  Buffer.from([0x00, 0x00, 0x00, 0x18]),
  Buffer.from('ftypisom', 'latin1'),
  Buffer.from([0x00, 0x00, 0x02, 0x00]),
  Buffer.from('isomiso2', 'latin1'),
]);

/**
 * One fake video: an `ftyp` box, then a `free` box filled with AES-256-CTR keystream keyed by the
 * SHA-256 of `seed` (fast, and the same bytes every time for the same seed and size).
 */
export class FakeVideo {
  readonly seed: string;
  readonly size: number;
  #sha256: string | undefined;

  constructor(seed: string, size: number = DEFAULT_VIDEO_BYTES) {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`FakeVideo: size must be a whole number of bytes, got ${String(size)}`);
    this.seed = seed;
    this.size = size;
  }

  /** The bytes in chunks of at most 64 KiB, generated as they are consumed. */
  *chunks(): Generator<Buffer> {
    const freeBox = Buffer.alloc(8);
    freeBox.writeUInt32BE(Math.min(Math.max(this.size - FTYP.length, 8), 0xffff_ffff));
    freeBox.write('free', 4, 'latin1');
    const head = Buffer.concat([FTYP, freeBox]).subarray(0, this.size);
    if (head.length > 0) yield head;
    const cipher = createCipheriv('aes-256-ctr', createHash('sha256').update(this.seed).digest(), Buffer.alloc(16));
    const zeros = Buffer.alloc(CHUNK_BYTES);
    for (let left = this.size - head.length; left > 0; left -= CHUNK_BYTES) {
      yield cipher.update(left >= CHUNK_BYTES ? zeros : zeros.subarray(0, left));
    }
  }

  /** A readable stream of the bytes (what the fakes serve and PUT). */
  stream(): Readable {
    return Readable.from(this.chunks(), { objectMode: false });
  }

  /** All bytes at once; for small videos. */
  bytes(): Buffer {
    return Buffer.concat([...this.chunks()]);
  }

  /** Hex SHA-256 of the bytes, computed chunk by chunk (once). */
  sha256(): string {
    if (this.#sha256 === undefined) {
      const hash = createHash('sha256');
      for (const chunk of this.chunks()) hash.update(chunk);
      this.#sha256 = hash.digest('hex');
    }
    return this.#sha256;
  }
}
