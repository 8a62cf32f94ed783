import type { Task } from '../domain/task.ts';

const MiB = 1024 * 1024;

/** Discord's upload limit per file when the interaction did not say (https://discord.com/developers/docs/reference#uploading-files). */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 10 * MiB;

/**
 * Discord refuses a message request over 25 MiB, attachments together
 * (https://discord.com/developers/docs/resources/message#create-message); 256 KiB of it are kept
 * for the message's JSON and the multipart framing.
 */
export const DEFAULT_MESSAGE_LIMIT_BYTES = 25 * MiB - 256 * 1024;

/** A video that goes with the message as a file. */
export interface VideoAttachment {
  /** File name in the message, like video-1.mp4. */
  name: string;
  contentType: string;
  /** The whole video, as the provider served it (never more than the upload limit). */
  bytes: Buffer;
}

/**
 * How one result reaches the channel. The fields of the Discord layer's VideoPlacement
 * (src/discord/result-message.ts) are here with the same names and meaning, so a plan's videos can
 * be given as `videos` as they are.
 */
export interface ArchivedVideo {
  resultId: string;
  /** Position in task.results (0-based); the bucket key and file name derive from it. */
  index: number;
  /** Set when the video goes with the message; its bytes are in `attachment`. */
  attachedAs?: string;
  attachment?: VideoAttachment;
  /** The link to post: the bucket copy when `permanent`, else the provider's own link. */
  url: string;
  permanent: boolean;
  /** When the provider's link stops working, if the provider says (only for a provider link). */
  expiresAt?: number;
  /**
   * True when storage is configured, the video should have a bucket copy (REHOST=all, or it is
   * not attached) and has none because the download or the copy failed: call copyLater for it.
   * False for a link that is not http(s), which is never fetched.
   */
  copyPending: boolean;
}

export interface ArchivePlan {
  taskId: string;
  /** One per task result, in order. */
  videos: ArchivedVideo[];
  /** Ids of the results whose copy is owed (the videos with copyPending), for copyLater. */
  pendingResultIds: string[];
}

/** A permanent link that exists now. */
export interface CopiedVideo {
  resultId: string;
  index: number;
  url: string;
}

export interface FailedCopy {
  resultId: string;
  index: number;
  /** For the log; plain words, no secrets. */
  reason: string;
  /** False when trying again cannot help (the provider no longer has the video, the link is not http(s)). */
  retryable: boolean;
}

/** What copyLater achieved: every asked-for result now has a permanent link, or some still lack one. */
export type CopyOutcome =
  | { ok: true; copied: CopiedVideo[] }
  | {
      ok: false;
      /** Links that exist now even so (store them and edit the message). */
      copied: CopiedVideo[];
      failed: FailedCopy[];
      /** Whether to call copyLater again later (with back-off): some failure may pass. */
      retry: boolean;
    };

/**
 * The object key of a task's result: the same on every attempt (and the one Runware's upload URL
 * names for result 0), so a retry overwrites or finds its own copy and never makes a second one.
 */
export function videoKey(task: Pick<Task, 'id'>, index: number): string {
  return `videos/${task.id}/${index}.mp4`;
}

export function attachmentName(index: number): string {
  return `video-${index + 1}.mp4`;
}
