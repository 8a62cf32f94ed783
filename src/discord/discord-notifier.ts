import { DiscordAPIError, Routes, type REST, type RawFile } from 'discord.js';
import type { Task, VideoResult } from '../domain/task.ts';
import type { Delivery, Eta, TaskNotifier } from '../flow/ports.ts';
import type { Logger } from '../logging/log.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import { outcomeBody, placementsOf, type PreparedVideos, type ResultArchive } from './outcome-body.ts';
import { findPostedOutcome, type PostedMessage } from './posted-outcome.ts';
import { ResultsFirst } from './results-first.ts';
import { statusContent } from './status-message.ts';

/** Discord error codes that mean "this channel is not usable by the bot" (→ DM the requester). */
const CHANNEL_UNUSABLE = new Set([10003, 50001, 50013, 50007, 10008]);
/** "Invalid Webhook Token", "Unknown Webhook": the interaction token no longer works (expired early, or revoked). */
const TOKEN_GONE = new Set([50027, 10015]);
/** "Request entity too large": the files exceed this server's upload limit after all. */
const TOO_LARGE = 40005;
/** How long the video may take to fetch before the status shows "downloading". */
const SLOW_DOWNLOAD_MS = 1500;
/** The longest a status edit by bot token waits for result posts (see ResultsFirst). */
const STATUS_WAITS_FOR_RESULTS_MS = 10_000;

export interface NotifierDeps {
  /** Bot-token requests (counted against the bot's 50 requests a second). */
  rest: REST;
  /** Interaction-token requests (`/webhooks/{app}/{token}`): Discord exempts them from that budget. */
  interactionRest: REST;
  providers: ProviderRegistry;
  log: Logger;
  /** Fetches finished videos to attach or keep; absent = post the provider links. */
  archive?: ResultArchive;
  /** The bot's own user id (to recognise its earlier posts). */
  botUserId: () => Promise<string>;
  /** Post http video links too (local testing only). */
  allowHttpLinks: boolean;
  now?: () => number;
}

/**
 * Posts and edits task messages. While the task's interaction token is valid (15 minutes) the result
 * is a follow-up and the status is edited through the token: neither counts against the bot's global
 * request budget (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit). After
 * that, by channel id with the bot token. Falls back to the requester's DMs when the channel is gone.
 */
export class DiscordNotifier implements TaskNotifier {
  readonly #deps: NotifierDeps;
  readonly #now: () => number;
  readonly #resultsFirst = new ResultsFirst(STATUS_WAITS_FOR_RESULTS_MS);

  constructor(deps: NotifierDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  async showStatus(task: Task, eta: Eta | undefined, options: { downloading?: boolean } = {}): Promise<void> {
    const messageId = task.origin.statusMessageId;
    if (!messageId) return;
    const body = { content: statusContent(task, eta, options), allowed_mentions: { parse: [] } };
    try {
      const token = this.#token(task);
      // Every status shown through an interaction is that interaction's own response (@original).
      const edited =
        token &&
        (await this.#throughToken(task, () =>
          this.#deps.interactionRest.patch(Routes.webhookMessage(token.applicationId, token.token, '@original'), { body, auth: false }),
        ));
      if (!edited) {
        await this.#resultsFirst.afterResults();
        await this.#deps.rest.patch(Routes.channelMessage(task.origin.channelId, messageId), { body });
      }
    } catch (error) {
      this.#deps.log.debug({ taskId: task.id, err: describe(error) }, 'status message not updated');
    }
  }

  async postOutcome(task: Task): Promise<Delivery & { results?: VideoResult[]; copyPending?: boolean }> {
    // A task that never reached the provider: its status message (the member's own reply) says why.
    if (task.status === 'failed' && !task.submittedAt && task.origin.statusMessageId) return { messageId: task.origin.statusMessageId, viaDm: false };
    const prepared = await this.#prepare(task);
    const body = outcomeBody(task, prepared, this.#deps.providers, this.#deps.allowHttpLinks);
    const files: RawFile[] = prepared.files.map((f) => ({ name: f.name, data: Buffer.from(f.data), contentType: f.contentType }));
    const posted = await this.#post(task, body, files).catch(async (error: unknown) => {
      if (!(error instanceof DiscordAPIError && Number(error.code) === TOO_LARGE) || files.length === 0) throw error;
      this.#deps.log.warn({ taskId: task.id }, 'Discord refused the attachment as too large; posting the links only');
      return this.#post(
        task,
        outcomeBody(
          task,
          { ...prepared, files: [], placements: prepared.placements.map((p) => ({ ...p, attachedAs: undefined })) },
          this.#deps.providers,
          this.#deps.allowHttpLinks,
        ),
        [],
      );
    });
    return { ...posted, results: prepared.results, copyPending: prepared.copyPending };
  }

  async refreshOutcome(task: Task): Promise<void> {
    const messageId = task.resultMessageId;
    if (!messageId || task.status !== 'succeeded') return;
    const prepared = { placements: placementsOf(task, this.#deps.providers), files: [], results: task.results, copyPending: false };
    const { content, embeds, components } = outcomeBody(task, prepared, this.#deps.providers, this.#deps.allowHttpLinks);
    const body = { content, embeds, components, allowed_mentions: { parse: [] } };
    try {
      const token = this.#token(task);
      const edited =
        token &&
        !task.deliveredByDm &&
        (await this.#throughToken(task, () =>
          this.#deps.interactionRest.patch(Routes.webhookMessage(token.applicationId, token.token, messageId), { body, auth: false }),
        ));
      if (!edited) await this.#deps.rest.patch(Routes.channelMessage(task.origin.channelId, messageId), { body });
    } catch (error) {
      this.#deps.log.warn({ taskId: task.id, err: describe(error) }, 'could not update the result with its lasting link');
    }
  }

  async findOutcome(task: Task): Promise<Delivery | undefined> {
    return findPostedOutcome(task, { rest: this.#deps.rest, botUserId: this.#deps.botUserId, log: this.#deps.log });
  }

  async tell(task: Task, text: string): Promise<void> {
    try {
      const token = this.#token(task);
      // Privately through the interaction while it lasts; else a mention that replies to the status.
      const body = { content: text, flags: 64, allowed_mentions: { parse: [] } };
      if (
        token &&
        (await this.#throughToken(task, () => this.#deps.interactionRest.post(Routes.webhook(token.applicationId, token.token), { body, auth: false })))
      )
        return;
      const reference = task.origin.statusMessageId ? { message_reference: { message_id: task.origin.statusMessageId, fail_if_not_exists: false } } : {};
      await this.#deps.rest.post(Routes.channelMessages(task.origin.channelId), {
        body: { content: `<@${task.origin.userId}> ${text}`, allowed_mentions: { parse: [], users: [task.origin.userId] }, ...reference },
      });
    } catch (error) {
      this.#deps.log.warn({ taskId: task.id, err: describe(error) }, 'could not tell the requester');
    }
  }

  /** Fetches the videos (attach or keep); a slow fetch shows "downloading" on the status. */
  async #prepare(task: Task): Promise<PreparedVideos> {
    const archive = this.#deps.archive;
    if (task.status !== 'succeeded' || !archive) return linksOnly(task, this.#deps.providers);
    const slow = setTimeout(() => void this.showStatus(task, undefined, { downloading: true }), SLOW_DOWNLOAD_MS);
    try {
      return await archive.prepare(task, { uploadLimitBytes: task.origin.uploadLimitBytes ?? 10 * 1024 * 1024 });
    } finally {
      clearTimeout(slow);
    }
  }

  /** Follow-up through the interaction while its token lasts, else the channel, else the requester's DMs. */
  async #post(task: Task, body: Record<string, unknown>, files: RawFile[]): Promise<Delivery> {
    const token = this.#token(task);
    if (token) {
      const { nonce: _n, enforce_nonce: _e, message_reference: _r, ...webhookBody } = body;
      try {
        const message = (await this.#deps.interactionRest.post(Routes.webhook(token.applicationId, token.token), {
          body: webhookBody,
          files,
          auth: false,
          query: new URLSearchParams({ wait: 'true' }),
        })) as PostedMessage;
        return { messageId: message.id, viaDm: false };
      } catch (error) {
        if (error instanceof DiscordAPIError && Number(error.code) === TOO_LARGE) throw error;
        this.#deps.log.warn({ taskId: task.id, err: describe(error) }, 'could not post through the interaction; posting in the channel');
      }
    }
    try {
      const channelPost = () => this.#deps.rest.post(Routes.channelMessages(task.origin.channelId), { body, files });
      const message = (await this.#resultsFirst.post(channelPost)) as PostedMessage;
      return { messageId: message.id, viaDm: false };
    } catch (error) {
      if (!(error instanceof DiscordAPIError) || !CHANNEL_UNUSABLE.has(Number(error.code))) throw error;
      this.#deps.log.warn({ taskId: task.id, channelId: task.origin.channelId, err: describe(error) }, 'cannot post in channel; sending by DM');
    }
    const dm = (await this.#deps.rest.post(Routes.userChannels(), { body: { recipient_id: task.origin.userId } })) as PostedMessage;
    const { message_reference: _dropped, ...rest } = body;
    const note = `\n(I could not post in <#${task.origin.channelId}>, so here it is by DM.)`;
    const message = (await this.#deps.rest.post(Routes.channelMessages(dm.id), {
      body: { ...rest, content: `${String(body.content)}${note}`.slice(0, 2000) },
      files,
    })) as PostedMessage;
    return { messageId: message.id, viaDm: true };
  }

  /** An edit through the interaction token; false when the token no longer works, so the caller edits by channel. */
  async #throughToken(task: Task, edit: () => Promise<unknown>): Promise<boolean> {
    try {
      await edit();
      return true;
    } catch (error) {
      if (!(error instanceof DiscordAPIError && TOKEN_GONE.has(Number(error.code)))) throw error;
      this.#deps.log.info({ taskId: task.id, err: describe(error) }, 'the interaction token no longer works; editing by channel');
      return false;
    }
  }

  #token(task: Task): Task['origin']['interaction'] {
    const interaction = task.origin.interaction;
    return interaction && interaction.expiresAt > this.#now() ? interaction : undefined;
  }
}

/** Without an archive: every result as its provider link, with the provider's expiry. */
function linksOnly(task: Task, providers: ProviderRegistry): PreparedVideos {
  return { placements: placementsOf(task, providers), files: [], results: task.results, copyPending: false };
}

export function describe(error: unknown): string {
  if (error instanceof DiscordAPIError) return `Discord ${error.status} ${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
