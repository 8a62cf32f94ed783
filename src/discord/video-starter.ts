import { MessageFlags, Routes, type ChatInputCommandInteraction, type REST } from 'discord.js';
import type { AspectRatio, ModelKey } from '../domain/models.ts';
import type { ImageRef, VideoRequest } from '../domain/request.ts';
import type { Origin, Task } from '../domain/task.ts';
import { describeProblems, validateRequest, type RequestProblem } from '../domain/validation.ts';
import type { EtaBook } from '../flow/eta-book.ts';
import type { Logger, TaskNotifier } from '../flow/ports.ts';
import type { TaskCompleter } from '../flow/task-completer.ts';
import type { TaskSubmitter } from '../flow/task-submitter.ts';
import { intakeImage, precheckAttachment, type AttachmentFacts } from '../media/image-intake.ts';
import type { MediaStore } from '../media/media-store.ts';
import { statusContent } from './message-builders.ts';

/** /video options after Discord parsed them (option names are the public contract). */
export interface VideoCommandInput {
  prompt: string;
  negativePrompt?: string;
  model: ModelKey;
  duration: number;
  aspectRatio: AspectRatio;
  sound: boolean;
  variants: number;
  firstFrame?: AttachmentFacts;
  lastFrame?: AttachmentFacts;
}

export interface VideoStarterDeps {
  rest: REST;
  submitter: TaskSubmitter;
  completer: TaskCompleter;
  notifier: TaskNotifier;
  media: MediaStore;
  eta: EtaBook;
  maxVariants: number;
  log: Logger;
}

/** Turns a /video interaction or a 🔁 reaction into a stored, submitted task with a status message. */
export class VideoStarter {
  readonly #deps: VideoStarterDeps;

  constructor(deps: VideoStarterDeps) {
    this.#deps = deps;
  }

  async fromInteraction(interaction: ChatInputCommandInteraction, input: VideoCommandInput): Promise<void> {
    const { firstFrame, lastFrame, ...options } = input;
    // Everything checkable from Discord's own data is checked before the acknowledgement.
    const early: RequestProblem[] = validateRequest({ ...options, firstFrame: firstFrame && placeholder, lastFrame: lastFrame && placeholder }, this.#deps.maxVariants);
    for (const [option, facts] of [['first_frame', firstFrame], ['last_frame', lastFrame]] as const) {
      const problem = facts ? precheckAttachment(facts) : null;
      if (problem) early.push({ option, message: problem });
    }
    if (early.length > 0) {
      await interaction.reply({ content: refusal(early), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    await interaction.deferReply();
    const refuse = async (problems: RequestProblem[]): Promise<void> => {
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp({ content: refusal(problems), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    };
    const images: { firstFrame?: ImageRef; lastFrame?: ImageRef } = {};
    for (const [key, option, facts] of [['firstFrame', 'first_frame', firstFrame], ['lastFrame', 'last_frame', lastFrame]] as const) {
      if (!facts) continue;
      const result = await intakeImage(facts, this.#deps.media);
      if (!result.ok) return refuse([{ option, message: result.problem }]);
      images[key] = result.image;
    }
    const request: VideoRequest = { ...options, ...images };
    const origin: Origin = { guildId: interaction.guildId, channelId: interaction.channelId, userId: interaction.user.id };
    const prepared = this.#deps.submitter.prepare(request, origin);
    if (!prepared.ok) return refuse(prepared.problems);
    const status = await interaction.editReply({ content: statusContent(prepared.task, undefined, Date.now()), allowedMentions: { parse: [] } });
    await this.#start({ ...prepared.task, origin: { ...origin, statusMessageId: status.id } });
  }

  /** Runs a stored request again as a new task for `userId`, replying to the message that was reacted to. */
  async rerun(previous: Task, userId: string, channelId: string, messageId: string, guildId: string | null): Promise<void> {
    const origin: Origin = { guildId, channelId, userId };
    const prepared = this.#deps.submitter.prepare(previous.request, origin, { rerunOf: previous.id, provider: previous.provider });
    if (!prepared.ok) {
      this.#deps.log.warn({ taskId: previous.id, problems: prepared.problems }, 'rerun refused');
      await this.#deps.rest.post(Routes.channelMessages(channelId), {
        body: { content: `<@${userId}> this video cannot be run again:\n${describeProblems(prepared.problems)}`, allowed_mentions: { users: [userId] }, message_reference: { message_id: messageId, fail_if_not_exists: false } },
      });
      return;
    }
    const status = (await this.#deps.rest.post(Routes.channelMessages(channelId), {
      body: { content: statusContent(prepared.task, undefined, Date.now()), allowed_mentions: { parse: [] }, message_reference: { message_id: messageId, fail_if_not_exists: false } },
    })) as { id: string };
    await this.#start({ ...prepared.task, origin: { ...origin, statusMessageId: status.id } });
  }

  async #start(task: Task): Promise<void> {
    const started = await this.#deps.submitter.start(task);
    if (started.status === 'failed') {
      await this.#deps.completer.deliver(started.id);
      return;
    }
    const eta = await this.#deps.eta.estimate(started.request.model, started.request.duration);
    await this.#deps.notifier.showStatus(started, eta, Date.now());
  }
}

/** Stands in for an image that is present but not yet downloaded, for the early checks. */
const placeholder: ImageRef = { mediaId: '', contentType: 'image/png', width: 0, height: 0, bytes: 0, filename: '' };

function refusal(problems: RequestProblem[]): string {
  return `I can’t start this video:\n${describeProblems(problems)}\nNothing was submitted and nothing was charged.`;
}
