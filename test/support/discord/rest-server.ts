// The HTTP half of FakeDiscord: /api/v10 routing with bot auth and rate limits, call recording, and hosted files.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRoutes } from './app-routes.ts';
import { channelRoutes } from './channel-routes.ts';
import { FILES_PREFIX } from './file-host.ts';
import { BadRequestBody, apiError, notFound, readBody, splitUrl, writeReply } from './http-io.ts';
import type { Reply } from './http-io.ts';
import { interactionRoutes } from './interaction-routes.ts';
import type { RateLimiter } from './rate-limits.ts';
import { RequestHolds } from '../request-holds.ts';
import { matchRoute } from './router.ts';
import type { Route } from './router.ts';
import type { RestCall } from './types.ts';
import type { FakeWorld } from './world.ts';

const API_PREFIX = ['api', 'v10'];

/** What a hold sees of a request: method, path after /api/v10 (percent-decoded) and query. */
export type HeldCall = Pick<RestCall, 'method' | 'path' | 'query'>;

export class RestServer {
  readonly calls: RestCall[] = [];
  readonly holds: RequestHolds<HeldCall>;
  readonly #world: FakeWorld;
  readonly #routes: Route[];
  readonly #limiter: RateLimiter;
  readonly #onCall: () => void;

  constructor(world: FakeWorld, wsUrl: string, limiter: RateLimiter, onCall: () => void) {
    this.#world = world;
    this.#routes = [...appRoutes(world, wsUrl), ...channelRoutes(world), ...interactionRoutes(world)];
    this.#limiter = limiter;
    this.#onCall = onCall;
    this.holds = new RequestHolds(onCall);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.#respond(req).then(
      (reply) => writeReply(res, reply),
      (error: unknown) => {
        console.error('FakeDiscord: request handling failed', error);
        // 400, not 5xx: discord.js retries 5xx and the test would only see a slow timeout.
        writeReply(res, apiError(400, `FakeDiscord internal error: ${String(error)}`, 0));
      },
    );
  }

  async #respond(req: IncomingMessage): Promise<Reply> {
    const method = req.method ?? 'GET';
    const { segments, query } = splitUrl(req.url ?? '/');
    if (segments[0] === FILES_PREFIX) {
      req.resume();
      return method === 'GET' || method === 'HEAD' ? this.#world.files.serve(segments.slice(1)) : notFound();
    }
    const isApi = API_PREFIX.every((part, i) => segments[i] === part);
    const rest = isApi ? segments.slice(API_PREFIX.length) : segments;
    let body: unknown;
    let reply: Reply;
    try {
      const parsed = await readBody(req);
      body = parsed.body;
      const held = isApi ? this.holds.wait({ method, path: `/${rest.join('/')}`, query }) : undefined;
      if (held) await held;
      if (isApi) {
        const limited = this.#limiter.check(method, rest, req.headers.authorization);
        reply = limited.reject ?? (await this.#route(method, rest, query, req.headers.authorization, parsed));
        if (limited.headers) reply = { ...reply, headers: { ...limited.headers, ...reply.headers } };
      } else {
        reply = notFound();
      }
    } catch (error) {
      if (!(error instanceof BadRequestBody)) throw error;
      reply = apiError(400, error.message, 50109);
    }
    this.calls.push({ method, path: `/${rest.join('/')}`, query, body, status: reply.status, at: Date.now() });
    this.#onCall();
    return reply;
  }

  async #route(
    method: string,
    segments: string[],
    query: Record<string, string>,
    authorization: string | undefined,
    parsed: Awaited<ReturnType<typeof readBody>>,
  ): Promise<Reply> {
    const match = matchRoute(this.#routes, method, segments);
    if (!match) return notFound();
    if (match.route.botAuth && authorization !== `Bot ${this.#world.token}`) return apiError(401, '401: Unauthorized', 0);
    return match.route.handler({
      req: { method, segments, query, authorization, body: parsed.body, files: parsed.files },
      params: match.params,
    });
  }
}
