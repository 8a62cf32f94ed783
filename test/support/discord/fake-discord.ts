// FakeDiscord: a local Discord-compatible REST + gateway server that an unmodified discord.js Client can use.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { ApplicationFlags } from 'discord-api-types/v10';
import { apiUser, guildCreate } from './fixtures.ts';
import { FakeGateway } from './gateway.ts';
import { publishMessageChange } from './gateway-events.ts';
import { UserActions } from './user-actions.ts';
import { RestServer } from './rest-server.ts';
import type { AutocompleteChoice, AutocompleteInput, ChannelFailure, ChatCommandInput, FakeDiscordOptions, FakeUser, InteractionRecord } from './types.ts';
import type { MessageCommandInput, ModalSubmitInput, ReactionInput, RestCall, ShownModal, StoredMessage } from './types.ts';
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
  readonly #gateway: FakeGateway;
  readonly #actions: UserActions;
  readonly #waiters = new ChangeWaiters();
  #identifications = 0;

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
    this.#rest = new RestServer(this.#world, this.wsUrl, () => this.#waiters.notify());
    server.on('request', (req, res) => this.#rest.handle(req, res));
    this.#gateway = new FakeGateway(server, {
      token: options.botToken,
      ready: (shard) => ({
        v: 10,
        user: apiUser({ ...this.botUser, bot: true }),
        guilds: this.#world.guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: randomBytes(16).toString('hex'),
        resume_gateway_url: this.wsUrl,
        application: { id: this.#world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' }, // bit-flag enum has no 0 member
        shard,
      }),
      guildCreates: (intents) => {
        const withMembers = (intents & GatewayIntentBits.GuildMembers) !== 0;
        return this.#world.guilds.map((g) => guildCreate(g, this.botUser, withMembers, this.#world.joinedAt));
      },
      onIdentified: () => {
        this.#identifications += 1;
        this.#waiters.notify();
      },
    });
    this.#actions = new UserActions(this.#world, this.#gateway, (what, find, timeoutMs) =>
      this.#waiters.waitFor(what, find, timeoutMs, () => this.describeRestCalls()),
    );
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

  sendChatCommand(input: ChatCommandInput): { id: string; token: string } {
    return this.#actions.chatCommand(input);
  }

  /** INTERACTION_CREATE type 4; exactly one option has `focused: true`. Answered by `interaction.respond()` (callback 8). */
  sendAutocomplete(input: AutocompleteInput): { id: string; token: string } {
    return this.#actions.autocomplete(input);
  }

  /** A message context-menu command (type 2, data.type 3) on `targetMessage`, stored in the channel first when it has no id. */
  sendMessageCommand(input: MessageCommandInput): { id: string; token: string; targetId: string } {
    return this.#actions.messageCommand(input);
  }

  /** INTERACTION_CREATE type 5 (no `message`): one action row with one text input per field. */
  sendModalSubmit(input: ModalSubmitInput): { id: string; token: string } {
    return this.#actions.modalSubmit(input);
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
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
