// FakeDiscord: a local Discord-compatible REST + gateway server that an unmodified discord.js Client can use.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ComponentActions } from './component-actions.ts';
import { FakeGateway } from './gateway.ts';
import { publishMessageChange } from './gateway-events.ts';
import { InteractionDelivery } from './interaction-delivery.ts';
import type { SentInteraction } from './interaction-delivery.ts';
import { RateLimiter } from './rate-limits.ts';
import type { RateLimitControls } from './rate-limits.ts';
import { RestServer, type HeldCall } from './rest-server.ts';
import type { HeldRequests } from '../request-holds.ts';
import { sessionHooks } from './session-hooks.ts';
import type { AutocompleteChoice, AutocompleteInput, ButtonInput, ChannelFailure, ChatCommandInput, FakeDiscordOptions, FakeUser } from './types.ts';
import type { InteractionRecord, MessageCommandInput, ModalSubmitInput, ReactionInput } from './types.ts';
import type { RestCall, SeedMessageSpec, ShownModal, StoredMessage } from './types.ts';
import { UserActions } from './user-actions.ts';
import { ChangeWaiters } from './waiters.ts';
import { FakeWorld } from './world.ts';

const DEFAULT_TIMEOUT_MS = 10_000;

export class FakeDiscord {
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly #server: Server;
  readonly #world: FakeWorld;
  readonly #rest: RestServer;
  /**
   * Discord's rate limits (off unless `rateLimits` was given at start): `configure(false | true | {...})`
   * switches them (restarting every window), `stats()` snapshots the counters, `resetStats()` zeroes them.
   */
  readonly rateLimits: RateLimitControls;
  readonly #gateway: FakeGateway;
  readonly #actions: UserActions;
  readonly #components: ComponentActions;
  readonly #waiters = new ChangeWaiters();
  #identifications = 0;
  #mostSessions = 0;

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FakeDiscord(server, options);
  }

  private constructor(server: Server, options: FakeDiscordOptions) {
    const { port } = server.address() as AddressInfo;
    this.#server = server;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
    this.#world = new FakeWorld(options, this.baseUrl, (kind, message, emoji) => {
      publishMessageChange(this.#gateway, this.#world, kind, message, emoji);
      this.#waiters.notify();
    });
    const limiter = new RateLimiter(options.rateLimits);
    this.rateLimits = limiter;
    this.#rest = new RestServer(this.#world, this.wsUrl, limiter, () => this.#waiters.notify());
    server.on('request', (req, res) => this.#rest.handle(req, res));
    this.#gateway = new FakeGateway(
      server,
      sessionHooks(this.#world, this.wsUrl, () => {
        this.#identifications += 1;
        this.#mostSessions = Math.max(this.#mostSessions, this.#gateway.identifiedSessions);
        this.#waiters.notify();
      }),
    );
    const delivery = new InteractionDelivery(this.#world, this.#gateway);
    this.#actions = new UserActions(this.#world, this.#gateway, delivery, (what, find, timeoutMs) =>
      this.#waiters.waitFor(what, find, timeoutMs, () => this.describeRestCalls()),
    );
    this.#components = new ComponentActions(this.#world, delivery);
  }

  get botUser(): FakeUser {
    return this.#world.botUser;
  }

  get restCalls(): RestCall[] {
    return this.#rest.calls;
  }

  get registeredCommands(): Map<string, unknown[]> {
    return this.#world.registeredCommands;
  }

  get connectedSessions(): number {
    return this.#gateway.identifiedSessions;
  }

  /** IDENTIFYs so far, and the most sessions that were identified at once (one bot process should hold the gateway). */
  get identifications(): { total: number; mostAtOnce: number } {
    return { total: this.#identifications, mostAtOnce: this.#mostSessions };
  }

  /** Keeps matching API requests waiting (received, not answered) until `release()`; see request-holds.ts. */
  holdRequests(match: (call: HeldCall) => boolean): HeldRequests {
    return this.#rest.holds.hold(match);
  }

  /** Messages in a channel (guild or DM) in creation order; ephemeral interaction replies are never included. */
  channelMessages(channelId: string, options: { includeDeleted?: boolean } = {}): StoredMessage[] {
    return this.#world.messages.inChannel(channelId, options.includeDeleted).filter((m) => (m.flags & 64) === 0);
  }

  dmChannelId(userId: string): string | undefined {
    return this.#world.dmChannelId(userId);
  }

  dmMessages(userId: string, options: { includeDeleted?: boolean } = {}): StoredMessage[] {
    const channelId = this.#world.dmChannelId(userId);
    return channelId ? this.channelMessages(channelId, options) : [];
  }

  interactionResponses(interactionId: string): InteractionRecord {
    const state = this.#world.interaction(interactionId);
    if (!state) throw new Error(`FakeDiscord: no interaction ${interactionId} was sent`);
    return state.record;
  }

  sendChatCommand(input: ChatCommandInput): SentInteraction {
    return this.#actions.chatCommand(input);
  }

  /** INTERACTION_CREATE type 4; exactly one option has `focused: true`. Answered by `interaction.respond()` (callback 8). */
  sendAutocomplete(input: AutocompleteInput): SentInteraction {
    return this.#actions.autocomplete(input);
  }

  /** A message context-menu command (type 2, data.type 3) on `targetMessage`, stored in the channel first when it has no id. */
  sendMessageCommand(input: MessageCommandInput): SentInteraction & { targetId: string } {
    return this.#actions.messageCommand(input);
  }

  /**
   * INTERACTION_CREATE type 5: one action row with one text input per field. With `fromInteractionId` it
   * submits the modal that interaction showed (checked), carrying the button's message when it came from one.
   */
  sendModalSubmit(input: ModalSubmitInput): SentInteraction {
    return this.#components.modalSubmit(input);
  }

  /**
   * INTERACTION_CREATE type 3 (MESSAGE_COMPONENT, component_type 2) for an enabled button on a stored
   * message (guild or DM channel), with that whole message. Answer with deferUpdate (6), update (7, edits
   * the message), reply/deferReply (4/5, a new message replying to it) or showModal (9).
   */
  sendButton(input: ButtonInput): SentInteraction {
    return this.#components.button(input);
  }

  /** From now on the interaction's callback answers 404 {code: 10062} and its webhook routes 401 {code: 50027}. */
  expireInteractionToken(interactionId: string): void {
    const state = this.#world.interaction(interactionId);
    if (!state) throw new Error(`FakeDiscord: no interaction ${interactionId} was sent`);
    state.tokenExpired = true;
  }

  /** Stores a message a user wrote earlier (e.g. before the bot started) without any gateway event. */
  storeMessage(spec: SeedMessageSpec): StoredMessage {
    return this.#actions.storeMessage(spec);
  }

  /** Waits for the bot's autocomplete answer; rejects at once if the interaction got another callback type. */
  autocompleteChoices(interactionId: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<AutocompleteChoice[]> {
    return this.#actions.autocompleteChoices(interactionId, timeoutMs);
  }

  /** Waits for the modal the bot showed (callback 9); rejects at once if the interaction got another callback type. */
  modalShown(interactionId: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ShownModal> {
    return this.#actions.modalShown(interactionId, timeoutMs);
  }

  /** Sends MESSAGE_REACTION_ADD; returns how many sessions received it (0 when none asked for the intent). */
  sendReaction(input: ReactionInput): number {
    return this.#actions.reaction(input);
  }

  hostFile(name: string, bytes: Uint8Array, contentType: string): string {
    return this.#world.files.host(name, bytes, contentType);
  }

  expireFile(url: string): void {
    this.#world.files.expire(url);
  }

  setChannelFailure(channelId: string, failure: ChannelFailure | null): void {
    if (failure) this.#world.channelFailures.set(channelId, failure);
    else this.#world.channelFailures.delete(channelId);
  }

  /** When closed, sending to the user's DM channel answers 403 {code: 50007, 'Cannot send messages to this user'}. */
  setUserDmsClosed(userId: string, closed: boolean): void {
    if (closed) this.#world.usersWithClosedDms.add(userId);
    else this.#world.usersWithClosedDms.delete(userId);
  }

  waitForRest(predicate: (call: RestCall) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RestCall> {
    return this.#waiters.waitFor(
      'a matching REST call',
      () => this.restCalls.find(predicate),
      timeoutMs,
      () => this.describeRestCalls(),
    );
  }

  waitForMessage(channelId: string, predicate: (message: StoredMessage) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<StoredMessage> {
    return this.#waiters.waitFor(
      `a matching message in channel ${channelId}`,
      () => this.channelMessages(channelId).find(predicate),
      timeoutMs,
      () => this.describeRestCalls(),
    );
  }

  waitForIdentify(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.#waiters
      .waitFor(
        'a bot to IDENTIFY',
        () => (this.#identifications > 0 ? true : undefined),
        timeoutMs,
        () => this.describeRestCalls(),
      )
      .then(() => undefined);
  }

  /** The last 20 REST calls, one per line (used in timeout messages). */
  describeRestCalls(): string {
    const lines = this.restCalls.slice(-20).map((c) => `  ${c.method} ${c.path} -> ${c.status} ${JSON.stringify(c.body)?.slice(0, 200) ?? ''}`);
    return `Last ${lines.length} REST calls:\n${lines.join('\n') || '  (none)'}`;
  }

  async close(): Promise<void> {
    this.#waiters.rejectAll('FakeDiscord closed');
    this.#rest.holds.releaseAll();
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
