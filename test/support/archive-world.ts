// What the video-archive tests share: FakeS3 and a provider video host over real HTTP, an ObjectStore
// and VideoArchive wired to them, and finished tasks whose results point at the host.
import { createHash } from 'node:crypto';
import type { Task, VideoResult } from '../../src/domain/task.ts';
import { ObjectStore } from '../../src/media/object-store.ts';
import type { RehostPolicy, StorageSettings } from '../../src/media/storage-settings.ts';
import { VideoArchive } from '../../src/media/video-archive.ts';
import { RecordingLog } from './flow-fakes.ts';
import { FakeS3 } from './s3/index.ts';
import type { S3Operation } from './s3/index.ts';
import { makeTask, type TaskFields } from './tasks.ts';
import { VideoHost } from './video-host.ts';

export const MiB = 1024 * 1024;
export const KEYS = { accessKeyId: 'AKIDARCHIVETEST', secretAccessKey: 'archive-secret-key' };
export const BUCKET = 'videos';
export const PUBLIC_URL = 'https://cdn.example.com/kept';
/** What the fake provider says about its links: they expire a day after the task completed. */
export const LINK_LIFETIME_MS = 24 * 3600_000;
export const COMPLETED_AT = Date.UTC(2026, 0, 2, 3, 4, 5);

/** Operations that write an object (a copy made by the archive, or by a provider's PUT). */
const WRITES: S3Operation[] = ['PutObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload'];

export class ArchiveWorld {
  readonly s3: FakeS3;
  readonly host: VideoHost;
  readonly log = new RecordingLog();
  readonly settings: StorageSettings;
  readonly #stores: ObjectStore[] = [];

  static async start(): Promise<ArchiveWorld> {
    const [s3, host] = await Promise.all([FakeS3.start({ ...KEYS, region: 'auto', bucket: BUCKET }), VideoHost.start()]);
    return new ArchiveWorld(s3, host);
  }

  private constructor(s3: FakeS3, host: VideoHost) {
    this.s3 = s3;
    this.host = host;
    this.settings = { endpoint: s3.url, region: 'auto', bucket: BUCKET, ...KEYS, publicUrl: PUBLIC_URL, forcePathStyle: true };
  }

  store(): ObjectStore {
    const store = new ObjectStore(this.settings);
    this.#stores.push(store);
    return store;
  }

  /** An archive with storage (unless `storage: false`), logging into `this.log`. */
  archive(options: { storage?: boolean; rehost?: RehostPolicy; messageLimitBytes?: number } = {}): VideoArchive {
    return new VideoArchive({
      ...(options.storage === false ? {} : { store: this.store() }),
      ...(options.rehost ? { rehost: options.rehost } : {}),
      ...(options.messageLimitBytes ? { messageLimitBytes: options.messageLimitBytes } : {}),
      resultExpiry: (_task, completedAt) => completedAt + LINK_LIFETIME_MS,
      log: this.log,
    });
  }

  /** Requests FakeS3 answered that wrote the object `key` (successful ones). */
  writesOf(key: string): S3Operation[] {
    return this.s3.requests.filter((r) => r.key === key && r.status < 300 && WRITES.includes(r.operation)).map((r) => r.operation);
  }

  storedSha256(key: string): string | undefined {
    const object = this.s3.object(key);
    return object ? createHash('sha256').update(object.bytes).digest('hex') : undefined;
  }

  /** Warnings logged, as `taskId: message` lines. */
  warnings(): string[] {
    return this.log.at('warn').map((e) => `${String(e.obj['taskId'])}: ${e.msg ?? ''}`);
  }

  async close(): Promise<void> {
    for (const store of this.#stores) store.close();
    await Promise.all([this.s3.close(), this.host.close()]);
  }
}

let tasksMade = 0;

/** A succeeded task with one result per URL (ids r1, r2, …), and an id of its own (so its bucket keys are too). */
export function finishedTask(urls: string[], fields: TaskFields = {}): Task {
  tasksMade += 1;
  const results: VideoResult[] = urls.map((url, i) => ({ id: `r${String(i + 1)}`, url }));
  return makeTask({
    id: `task-${String(tasksMade)}`,
    status: 'succeeded',
    results,
    completedAt: COMPLETED_AT,
    ...fields,
    request: { variants: urls.length, ...fields.request },
  });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
