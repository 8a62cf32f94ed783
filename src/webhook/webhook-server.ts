import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../flow/ports.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { TaskCompleter } from '../flow/task-completer.ts';
import { CallbackRejected } from '../providers/provider.ts';
import type { TaskStore } from '../store/task-store.ts';

export interface WebhookServerDeps {
  store: TaskStore;
  providers: ProviderRegistry;
  completer: TaskCompleter;
  log: Logger;
}

/**
 * Receives provider callbacks at /webhooks/:provider/:taskId?token=… and answers GET /healthz.
 * A delivery is accepted only with the task's own token; the update is stored before the 2xx,
 * and the Discord work happens after the answer.
 */
export function buildWebhookServer(deps: WebhookServerDeps): FastifyInstance {
  const app = Fastify({
    bodyLimit: 1024 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    logger: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Keep the raw text too: signature schemes (Kling) sign the exact bytes.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, { raw: body as string, json: body === '' ? null : (JSON.parse(body as string) as unknown) });
    } catch {
      const error = new Error('body is not valid JSON') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });

  app.get('/healthz', async () => ({ ok: true, openTasks: (await deps.store.openIds()).length }));

  app.post<{ Params: { provider: string; taskId: string }; Querystring: { token?: string } }>('/webhooks/:provider/:taskId', async (req, reply) => {
    const { provider: providerName, taskId } = req.params;
    const task = deps.providers.has(providerName) ? await deps.store.get(taskId) : undefined;
    if (!task || task.provider !== providerName || !sameSecret(req.query.token, task.webhookToken)) {
      deps.log.warn({ taskId, provider: providerName }, 'refused webhook delivery with unknown task or wrong token');
      return reply.code(403).send({ error: 'forbidden' });
    }
    const parsed = req.body as { raw: string; json: unknown } | undefined;
    let updates;
    try {
      updates = deps.providers.get(providerName).parseCallback({ headers: req.headers, rawBody: parsed?.raw ?? '', body: parsed?.json });
    } catch (error) {
      if (error instanceof CallbackRejected) {
        deps.log.warn({ taskId, provider: providerName, reason: error.message }, 'refused webhook delivery that failed verification');
        return reply.code(401).send({ error: 'unauthorized' });
      }
      deps.log.warn({ taskId, err: error }, 'webhook body not understood');
      return reply.code(400).send({ error: 'unrecognised body' });
    }
    const stored = await deps.completer.apply(taskId, updates);
    void reply.code(200).send({ ok: true });
    if (stored?.status === 'succeeded' || stored?.status === 'failed') {
      setImmediate(() => void deps.completer.deliver(taskId));
    }
    return reply;
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) deps.log.error({ err: error }, 'webhook handler failed');
    void reply.code(status).send({ error: status === 500 ? 'internal error' : error.message });
  });
  return app;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
