import { MessageFlags, Routes, type ChatInputCommandInteraction, type ModalSubmitInteraction, type REST } from 'discord.js';
import type { VideoRequest } from '../domain/request.ts';
import type { Origin, Task } from '../domain/task.ts';
import { describeProblems, type RequestProblem } from '../domain/validation.ts';
import type { ElementLibrary } from '../elements/element-library.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { GuildSettings } from '../store/guild-settings.ts';
import { draftRequest, withImages, type VideoCommandInput } from './video-input.ts';
import type { EtaBook } from '../flow/eta-book.ts';
import type { Logger, TaskNotifier } from '../flow/ports.ts';
import type { TaskCompleter } from '../flow/task-completer.ts';
import type { TaskSubmitter } from '../flow/task-submitter.ts';
import type { MediaStore } from '../media/media-store.ts';
import { statusContent } from './message-builders.ts';

export interface VideoStarterDeps {
  rest: REST;
  submitter: TaskSubmitter;
  completer: TaskCompleter;
  notifier: TaskNotifier;
  media: MediaStore;
  eta: EtaBook;
  elements: ElementLibrary;
  guildSettings: GuildSettings;
  providers: ProviderRegistry;
  maxVariants: number;
  log: Logger;
}

/** Turns a /video interaction or a 🔁 reaction into a stored, submitted task with a status message. */
export class VideoStarter {
  readonly #deps: VideoStarterDeps;

  constructor(deps: VideoStarterDeps) {
    this.#deps = deps;
  }

  /** /video, or the "Make video" modal: checks, acknowledges, keeps the images, stores and submits. */
  async fromInteraction(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, input: VideoCommandInput): Promise<void> {
    // Everything checkable from Discord's own data is checked before the acknowledgement.
    const draft = draftRequest(input, this.#deps.maxVariants);
    const problems = [...draft.problems];
    const provider = await this.#chooseProvider(interaction.guildId, input.provider, problems);
    const resolved = await this.#deps.elements.resolve(interaction.guildId, input.elementNames ?? [], input.prompt);
    if (!resolved.ok) problems.push(...resolved.problems);
    if (problems.length === 0) {
      // What the chosen provider cannot do is known now too: refuse before acknowledging.
      const elements = resolved.ok && resolved.elements.length > 0 ? resolved.elements : undefined;
      problems.push(...this.#deps.submitter.check({ ...draft.request, elements }, provider));
    }
    if (problems.length > 0) {
      await interaction.reply({ content: refusal(problems), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    await interaction.deferReply();
    const refuse = async (late: RequestProblem[]): Promise<void> => {
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp({ content: refusal(late), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    };
    const withMedia = await withImages(draft.request, input, this.#deps.media);
    if (!withMedia.ok) return refuse(withMedia.problems);
    const request: VideoRequest =
      resolved.ok && resolved.elements.length > 0 ? { ...withMedia.request, prompt: resolved.prompt, elements: resolved.elements } : withMedia.request;
    const origin: Origin = {
      guildId: interaction.guildId,
      channelId: interaction.channelId ?? '',
      userId: interaction.user.id,
      sourceMessageUrl: input.sourceMessageUrl,
    };
    const prepared = this.#deps.submitter.prepare(request, origin, { provider });
    if (!prepared.ok) return refuse(prepared.problems);
    const status = await interaction.editReply({ content: statusContent(prepared.task, undefined, Date.now()), allowedMentions: { parse: [] } });
    await this.#start({ ...prepared.task, origin: { ...origin, statusMessageId: status.id } });
  }

  /** The `provider` option, else the server's default, else the global default. */
  async #chooseProvider(guildId: string | null, asked: string | undefined, problems: RequestProblem[]): Promise<string> {
    const providers = this.#deps.providers;
    if (asked) {
      if (providers.has(asked)) return asked;
      problems.push({ option: 'provider', message: `\`${asked}\` is not configured here (available: ${providers.names().join(', ')})` });
      return providers.defaultName;
    }
    const serverDefault = await this.#deps.guildSettings.defaultProvider(guildId);
    return serverDefault && providers.has(serverDefault) ? serverDefault : providers.defaultName;
  }

  /** Runs a stored request again as a new task for `userId`, replying to the message that was reacted to. */
  async rerun(previous: Task, userId: string, channelId: string, messageId: string, guildId: string | null): Promise<void> {
    const origin: Origin = { guildId, channelId, userId };
    const prepared = this.#deps.submitter.prepare(previous.request, origin, { rerunOf: previous.id, provider: previous.provider });
    if (!prepared.ok) {
      this.#deps.log.warn({ taskId: previous.id, problems: prepared.problems }, 'rerun refused');
      await this.#deps.rest.post(Routes.channelMessages(channelId), {
        body: {
          content: `<@${userId}> this video cannot be run again:\n${describeProblems(prepared.problems)}`,
          allowed_mentions: { users: [userId] },
          message_reference: { message_id: messageId, fail_if_not_exists: false },
        },
      });
      return;
    }
    const status = (await this.#deps.rest.post(Routes.channelMessages(channelId), {
      body: {
        content: statusContent(prepared.task, undefined, Date.now()),
        allowed_mentions: { parse: [] },
        message_reference: { message_id: messageId, fail_if_not_exists: false },
      },
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

function refusal(problems: RequestProblem[]): string {
  return `I can’t start this video:\n${describeProblems(problems)}\nNothing was submitted and nothing was charged.`;
}
