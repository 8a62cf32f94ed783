import type { Task } from '../domain/task.ts';
import type { VideoArchive } from '../media/video-archive.ts';
import type { PreparedVideos, ResultArchive } from './outcome-body.ts';

/** The media archive as the notifier uses it: attached files, each video's link, what to store on the task. */
export function resultArchive(archive: VideoArchive): ResultArchive {
  return {
    async prepare(task: Task, options: { uploadLimitBytes: number }): Promise<PreparedVideos> {
      const plan = await archive.prepare(task, { uploadLimitBytes: options.uploadLimitBytes });
      const byResult = new Map(plan.videos.map((v) => [v.resultId, v]));
      return {
        placements: plan.videos,
        files: plan.videos.flatMap((v) => (v.attachment ? [{ name: v.attachment.name, data: v.attachment.bytes, contentType: v.attachment.contentType }] : [])),
        results: task.results.map((r) => {
          const video = byResult.get(r.id);
          return { ...r, archivedUrl: video?.permanent ? video.url : r.archivedUrl, attached: video?.attachedAs !== undefined || undefined };
        }),
        copyPending: plan.pendingResultIds.length > 0,
      };
    },
  };
}
