import { Readable } from 'node:stream';
import type { Task, VideoResult } from '../domain/task.ts';
import type { Logger } from '../logging/log.ts';
import {
  DEFAULT_MESSAGE_LIMIT_BYTES,
  DEFAULT_UPLOAD_LIMIT_BYTES,
  attachmentName,
  videoKey,
  type ArchivePlan,
  type ArchivedVideo,
  type CopiedVideo,
  type CopyOutcome,
  type FailedCopy,
} from './archive-plan.ts';
import type { ObjectStore } from './object-store.ts';
import type { RehostPolicy } from './storage-settings.ts';
import { VideoFetchError, describeError, discard, isFetchableUrl, openVideo, readUpTo, type ReadOutcome } from './video-download.ts';

export interface VideoArchiveOptions {
  /** The bucket for lasting copies; undefined when storage is not configured. */
  store?: ObjectStore;
  /** REHOST: copy every video, or only those that are not attached. Default 'oversize'. */
  rehost?: RehostPolicy;
  /** When a provider's result links stop working: the provider's resultExpiry (src/providers/provider.ts). */
  resultExpiry: (task: Task, completedAt: number) => number | undefined;
  log: Logger;
  now?: () => number;
  /** Longest one video's download, and its copy to the bucket, may take. Default 10 min. */
  transferTimeoutMs?: number;
  /** How long uploadUrlFor's URL stays valid. Default 24 h (SigV4 allows at most 7 days). */
  uploadUrlSeconds?: number;
  /** Attachments of one message together stay within this. Default: Discord's 25 MiB request limit, less room for the message. */
  messageLimitBytes?: number;
}

export interface PrepareOptions {
  /** Largest file Discord accepts where the message goes; default task.origin.uploadLimitBytes, else 10 MiB. */
  uploadLimitBytes?: number;
  signal?: AbortSignal;
}

/**
 * Makes a finished task's videos last: each is attached when it fits Discord's upload limit, copied
 * to the bucket when storage is configured (every video with REHOST=all, else those not attached),
 * and otherwise linked at the provider with the link's expiry. Streams throughout: a video is held
 * in memory only up to the upload limit, and a copy flows from the provider to the bucket in parts.
 * Provider or storage trouble never throws and never loses a result: the provider link is posted,
 * the failure logged with the task id, and the copy marked as owed (copyLater). No money here.
 */
export class VideoArchive {
  readonly #store: ObjectStore | undefined;
  readonly #rehost: RehostPolicy;
  readonly #resultExpiry: VideoArchiveOptions['resultExpiry'];
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #transferMs: number;
  readonly #uploadUrlSeconds: number;
  readonly #messageLimit: number;

  constructor(options: VideoArchiveOptions) {
    this.#store = options.store;
    this.#rehost = options.rehost ?? 'oversize';
    this.#resultExpiry = options.resultExpiry;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#transferMs = options.transferTimeoutMs ?? 10 * 60_000;
    this.#uploadUrlSeconds = options.uploadUrlSeconds ?? 24 * 3600;
    this.#messageLimit = options.messageLimitBytes ?? DEFAULT_MESSAGE_LIMIT_BYTES;
  }

  get storageConfigured(): boolean {
    return this.#store !== undefined;
  }

  /** Where each result goes, in order; never throws for provider or storage trouble. */
  async prepare(task: Task, options: PrepareOptions = {}): Promise<ArchivePlan> {
    const uploadLimit = options.uploadLimitBytes ?? task.origin.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
    const videos: ArchivedVideo[] = [];
    let attached = 0;
    for (const [index, result] of task.results.entries()) {
      // A boosted server's limit may pass the request limit; one file as large as it allows is still accepted.
      const room = Math.min(uploadLimit, Math.max(this.#messageLimit, uploadLimit) - attached);
      const video = await this.#place(task, result, index, room, options.signal);
      attached += video.attachment?.bytes.byteLength ?? 0;
      videos.push(video);
    }
    return { taskId: task.id, videos, pendingResultIds: videos.filter((v) => v.copyPending).map((v) => v.resultId) };
  }

  /**
   * A presigned PUT URL for result 0's key, for a provider that uploads the finished video itself
   * (Runware's `uploadEndpoint`, one variant only); prepare then finds the object there. Undefined
   * without storage or with several variants. Any Content-Type is accepted, as Runware's is not documented.
   */
  async uploadUrlFor(task: Task): Promise<string | undefined> {
    if (!this.#store || task.request.variants !== 1) return undefined;
    try {
      return await this.#store.presignPut(videoKey(task, 0), { expiresInSeconds: this.#uploadUrlSeconds });
    } catch (error) {
      this.#log.warn({ taskId: task.id, err: describeError(error) }, 'could not make an upload URL for the video; it will be copied after it is made');
      return undefined;
    }
  }

  /**
   * Copies to the bucket the given results (default: all) that have no copy there yet, streaming
   * from the provider; a copy already there (an earlier attempt, a provider upload) is used as is.
   */
  async copyLater(task: Task, resultIds?: readonly string[], options: { signal?: AbortSignal } = {}): Promise<CopyOutcome> {
    const copied: CopiedVideo[] = [];
    const failed: FailedCopy[] = [];
    for (const [index, result] of task.results.entries()) {
      if (resultIds && !resultIds.includes(result.id)) continue;
      if (result.archivedUrl) {
        copied.push({ resultId: result.id, index, url: result.archivedUrl });
        continue;
      }
      try {
        copied.push({ resultId: result.id, index, url: await this.#ensureCopy(task, result, index, options.signal) });
      } catch (error) {
        const retryable = this.#store !== undefined && (!(error instanceof VideoFetchError) || error.retryable);
        failed.push({ resultId: result.id, index, reason: describeError(error), retryable });
        this.#log.warn({ taskId: task.id, result: index, err: describeError(error), retryable }, 'could not copy the video to storage');
      }
    }
    return failed.length === 0 ? { ok: true, copied } : { ok: false, copied, failed, retry: failed.some((f) => f.retryable) };
  }

  async #place(task: Task, result: VideoResult, index: number, room: number, outer: AbortSignal | undefined): Promise<ArchivedVideo> {
    const store = this.#store;
    const key = videoKey(task, index);
    const stored = result.archivedUrl || !store ? undefined : await this.#storedSize(task, index, outer);
    const permanentUrl = result.archivedUrl ?? (store && stored ? store.publicUrl(key) : undefined);
    const linked: ArchivedVideo = permanentUrl
      ? { resultId: result.id, index, url: permanentUrl, permanent: true, copyPending: false }
      : this.#providerLink(task, result, index);
    if (!isFetchableUrl(result.url)) {
      if (!permanentUrl) this.#log.warn({ taskId: task.id, result: index }, 'the provider sent a video link that is not http(s); it is not downloaded');
      return linked;
    }
    if (stored !== undefined && stored > room) return linked; // the copy is there, and too large to attach
    const signal = this.#transferSignal(outer);
    let read: ReadOutcome | undefined;
    try {
      const video = await openVideo(result.url, signal);
      read = await readUpTo(video, room);
      const name = attachmentName(index);
      const attachment = read.fits ? { attachedAs: name, attachment: { name, contentType: video.contentType, bytes: read.bytes } } : {};
      if (!store || permanentUrl || (read.fits && this.#rehost === 'oversize')) {
        discard(read);
        return { ...linked, ...attachment };
      }
      const body = read.fits ? read.bytes : read.stream;
      try {
        await store.put(key, body, { contentType: video.contentType, contentLength: video.length ?? (read.fits ? read.bytes.byteLength : undefined), signal });
        return { resultId: result.id, index, url: store.publicUrl(key), permanent: true, copyPending: false, ...attachment };
      } catch (error) {
        discard(read);
        this.#log.warn({ taskId: task.id, result: index, err: describeError(error) }, 'could not copy the video to storage; posting the provider link');
        return { ...linked, ...attachment, copyPending: true };
      }
    } catch (error) {
      discard(read);
      this.#log.warn({ taskId: task.id, result: index, err: describeError(error) }, 'could not download the video; posting the link');
      return { ...linked, copyPending: store !== undefined && !permanentUrl };
    }
  }

  /** Result `index`'s copy in the bucket, making it from the provider's link unless it is there already. */
  async #ensureCopy(task: Task, result: VideoResult, index: number, outer: AbortSignal | undefined): Promise<string> {
    const store = this.#store;
    if (!store) throw new VideoFetchError('storage is not configured', { retryable: false });
    const key = videoKey(task, index);
    if (await this.#storedSize(task, index, outer)) return store.publicUrl(key);
    const signal = this.#transferSignal(outer);
    const video = await openVideo(result.url, signal);
    const body = Readable.fromWeb(video.body);
    try {
      await store.put(key, body, { contentType: video.contentType, contentLength: video.length, signal });
    } catch (error) {
      body.destroy();
      throw error;
    }
    return store.publicUrl(key);
  }

  /** Size of result `index`'s object in the bucket; undefined when absent, empty or unknown (the store failed: logged). */
  async #storedSize(task: Task, index: number, signal: AbortSignal | undefined): Promise<number | undefined> {
    try {
      const size = await this.#store?.exists(videoKey(task, index), signal ? { signal } : {});
      return size ? size : undefined;
    } catch (error) {
      this.#log.warn({ taskId: task.id, result: index, err: describeError(error) }, 'could not look for the video in storage');
      return undefined;
    }
  }

  #providerLink(task: Task, result: VideoResult, index: number): ArchivedVideo {
    const expiresAt = this.#resultExpiry(task, task.completedAt ?? this.#now());
    return { resultId: result.id, index, url: result.url, permanent: false, copyPending: false, ...(expiresAt !== undefined ? { expiresAt } : {}) };
  }

  #transferSignal(outer: AbortSignal | undefined): AbortSignal {
    return AbortSignal.any([AbortSignal.timeout(this.#transferMs), ...(outer ? [outer] : [])]);
  }
}
