// A real discord.js Client logged in to a FakeDiscord, with timed waits for its events (for tests of the fake itself).
import { Client, Events } from 'discord.js';
import type { ClientEvents, ClientOptions, Interaction } from 'discord.js';
import type { FakeDiscord } from './fake-discord.ts';

const WAIT_MS = 10_000;

export interface TestClient {
  client: Client;
  /** Every Client `error` event (errors thrown in async listeners end up here); a test should expect it empty. */
  errors: unknown[];
  /** Resolves with the arguments of the next matching event, or rejects after 10 s with the fake's last REST calls. */
  nextEvent<E extends keyof ClientEvents>(event: E, filter?: (...args: ClientEvents[E]) => boolean): Promise<ClientEvents[E]>;
  /** Runs `send` (a FakeDiscord.sendX call) and resolves with what it returned and the interaction discord.js built. */
  interactionFrom<T extends { id: string }>(send: () => T): Promise<{ sent: T; interaction: Interaction }>;
}

export async function connectTestClient(fake: FakeDiscord, token: string, options: Omit<ClientOptions, 'rest'>): Promise<TestClient> {
  const client = new Client({ ...options, rest: { api: fake.apiUrl } });
  const errors: unknown[] = [];
  client.on(Events.Error, (error) => errors.push(error));
  const nextEvent = <E extends keyof ClientEvents>(event: E, filter: (...args: ClientEvents[E]) => boolean = () => true): Promise<ClientEvents[E]> =>
    new Promise((resolve, reject) => {
      const listener = (...args: ClientEvents[E]): void => {
        if (!filter(...args)) return;
        clearTimeout(timer);
        client.off(event, listener);
        resolve(args);
      };
      const timer = setTimeout(() => {
        client.off(event, listener);
        reject(new Error(`no ${String(event)} event within ${WAIT_MS} ms\n${fake.describeRestCalls()}`));
      }, WAIT_MS);
      client.on(event, listener);
    });
  const interactionFrom = async <T extends { id: string }>(send: () => T): Promise<{ sent: T; interaction: Interaction }> => {
    let sentId = '';
    const arrived = nextEvent(Events.InteractionCreate, (i) => i.id === sentId);
    const sent = send();
    sentId = sent.id;
    const [interaction] = await arrived;
    return { sent, interaction };
  };
  await Promise.all([nextEvent(Events.ClientReady), client.login(token)]);
  return { client, errors, nextEvent, interactionFrom };
}
