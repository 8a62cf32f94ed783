import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Completion } from '../flow/completion.ts';
import type { Logger } from '../logging/log.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import { CallbackRejected } from '../providers/provider.ts';
import type { StoredTask, TaskRepository } from '../store/task-repository.ts';

export interface WebhookServerDeps {
  tasks: TaskRepository;
  providers: ProviderRegistry;
  completion: Completion;
  log: Logger;
  /** Extra routes (health, metrics) registered by the composition root. */
  routes?: (app: FastifyInstance) => void;
}

/**
 * The largest body a genuine callback needs: a Runware result item or a Kling task with a few video
 * URLs is a few kilobytes; 64 KiB leaves room for four variants and long signed URLs.
 */
export const CALLBACK_BODY_LIMIT = 64 * 1024;

type CallbackRequest = FastifyRequest<{ Params: { provider: string; taskId: string }; Querystring: { token?: string } }> & { task?: StoredTask };

/**
 * Receives provider callbacks at /webhooks/:provider/:taskId?token=…. The task's own token is
 * checked before the body is read (nothing unauthenticated is parsed); the task is read from the
 * store once; the update is stored before the 2xx, and the Discord work happens after the answer.
 */
export function buildWebhookServer(deps: WebhookServerDeps): FastifyInstance {
  const app = Fastify({
    bodyLimit: CALLBACK_BODY_LIMIT,
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

  app.post('/webhooks/:provider/:taskId', { onRequest: (req, reply) => authenticate(req as CallbackRequest, reply, deps) }, async (request, reply) => {
    const req = request as CallbackRequest;
    const task = req.task as StoredTask; // set by authenticate(), which refused every request without one
    const parsed = req.body as { raw: string; json: unknown } | undefined;
    let updates;
    try {
      updates = deps.providers.get(task.provider).parseCallback({ headers: req.headers, rawBody: parsed?.raw ?? '', body: parsed?.json });
    } catch (error) {
      if (error instanceof CallbackRejected) {
        deps.log.warn({ taskId: task.id, provider: task.provider, reason: error.message }, 'refused webhook delivery that failed verification');
        return reply.code(401).send({ error: 'unauthorized' });
      }
      deps.log.warn({ taskId: task.id, err: error }, 'webhook body not understood');
      return reply.code(400).send({ error: 'unrecognised body' });
    }
    const expected = task.providerTaskId ?? task.id;
    const named = [...new Set(updates.map((u) => u.providerTaskId))];
    if (updates.length > 0 && !named.includes(expected)) {
      deps.log.warn({ taskId: task.id, provider: task.provider, named }, 'webhook delivery names another task than its URL; refused');
      return reply.code(404).send({ error: 'unknown task' });
    }
    await deps.completion.settle(task, updates);
    return reply.code(200).send({ ok: true });
  });

  deps.routes?.(app);

  app.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) deps.log.error({ err: error }, 'webhook handler failed');
    void reply.code(status).send({ error: status === 500 ? 'internal error' : error.message });
  });
  return app;
}

/** Reads the task named by the URL and checks the URL's token, before any body byte is parsed. */
async function authenticate(req: CallbackRequest, reply: FastifyReply, deps: WebhookServerDeps): Promise<FastifyReply | undefined> {
  const { provider, taskId } = req.params;
  const task = deps.providers.has(provider) && /^[\w-]{1,64}$/.test(taskId) ? await deps.tasks.get(taskId) : undefined;
  if (!task || task.provider !== provider || !sameSecret(req.query.token, task.webhookToken)) {
    deps.log.warn({ taskId, provider }, 'refused webhook delivery with unknown task or wrong token');
    return reply.code(403).send({ error: 'forbidden' });
  }
  req.task = task;
  return undefined;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
