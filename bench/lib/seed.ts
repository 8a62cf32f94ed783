// Tasks as the bot stores them after a /video (src/flow/submissions.ts start → task-submitter), put in
// place quickly: the interaction answered with a deferred reply and its status shown (as
// src/discord/order-surfaces.ts replySurface does), the task row with its reservation (as
// src/money/ledger-admission.ts admit writes it), and the task known to FakeRunware as processing.
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { statusContent } from '../../src/discord/status-message.ts';
import type { Task } from '../../src/domain/task.ts';
import { estimateRunwareCost } from '../../src/providers/runware/runware-prices.ts';
import type { FakeRunware } from '../../test/support/runware/index.ts';
import type { BenchWorld, Place } from './world.ts';
import { IDS } from './world.ts';

/** src/discord/order-surfaces.ts TOKEN_LIFETIME_MS: the bot treats a token as valid 14 of its 15 minutes. */
const TOKEN_LIFETIME_MS = 14 * 60_000;

const SUBJECTS = [
  'a slow pan across a misty valley at sunrise',
  'a knight walking through a burning village',
  'a paper boat drifting down a rainy street',
  'a close-up of a hummingbird at a red flower',
  'a drone shot over a neon city at night',
];

export interface TaskShape {
  /** Stage at the provider: 'queued' (webhook mode, nothing heard yet) or 'generating' (a poll saw it processing). */
  status?: 'queued' | 'generating';
  /** How long ago it was submitted (ms). */
  ageMs?: number;
  interaction?: { id: string; token: string; messageId: string; expiresAt: number };
}

/** A Runware task accepted a while ago and still generating, as the bot stored it. */
export function openTask(i: number, place: Place, shape: TaskShape = {}, now = Date.now()): Task {
  const id = randomUUID();
  const request = {
    prompt: `${SUBJECTS[i % SUBJECTS.length] ?? ''}, cinematic lighting (shot ${i})`,
    model: i % 3 === 0 ? ('kling-3-pro' as const) : ('kling-3-standard' as const),
    duration: i % 2 === 0 ? 5 : 10,
    aspectRatio: '16:9' as const,
    sound: i % 4 === 0,
    variants: 1,
  };
  const submittedAt = now - (shape.ageMs ?? 60_000);
  const interaction = shape.interaction;
  return {
    id,
    request,
    origin: {
      ...place,
      roleIds: [],
      userName: `member ${place.userId.slice(-3)}`,
      uploadLimitBytes: 10 * 1024 * 1024,
      ...(interaction
        ? { statusMessageId: interaction.messageId, interaction: { applicationId: IDS.app, token: interaction.token, expiresAt: interaction.expiresAt } }
        : { statusMessageId: String(1_300_000_000_000_000_000n + BigInt(i)) }),
    },
    provider: 'runware',
    providerTaskId: id,
    webhookToken: randomBytes(24).toString('base64url'),
    status: shape.status ?? 'queued',
    results: [],
    estimatedCost: estimateRunwareCost(request),
    createdAt: submittedAt - 1500,
    submittedAt,
    ...(shape.status === 'generating' ? { startedAt: submittedAt + 5000 } : {}),
  };
}

/** A task finished and posted `daysAgo` days ago (what piles up in the store over months). */
export function finishedTask(i: number, place: Place, daysAgo: number, now = Date.now()): Task {
  const task = openTask(i, place, { ageMs: daysAgo * 86_400_000 + 120_000 }, now);
  const usd = task.estimatedCost.usd;
  const completedAt = (task.submittedAt ?? now) + 95_000;
  return {
    ...task,
    status: 'succeeded',
    results: [{ id: randomUUID(), url: `https://vm.runware.ai/video/os/a/${task.id}.mp4`, costUsd: usd, attached: true }],
    cost: { usd, estimated: false },
    startedAt: (task.submittedAt ?? 0) + 20_000,
    completedAt,
    resultMessageId: String(1_200_000_000_000_000_000n + BigInt(i)),
  };
}

export interface SeededInteraction {
  id: string;
  token: string;
  messageId: string;
  /** When the bot would stop using the token (sent + 14 min). */
  expiresAt: number;
}

/**
 * Interactions answered as the bot answers /video: a deferred reply (type 5), then the status as the
 * original response. They are sent as a command the bot does not know (it ignores them), through
 * whatever sessions are connected; the bench's own gateway session makes sure there is one.
 */
export async function seedInteractions(world: BenchWorld, places: Place[], concurrency = 16): Promise<SeededInteraction[]> {
  await world.probe();
  const api = new URL(world.discord.apiUrl);
  const pool = new Pool(api.origin, { connections: concurrency });
  const out: SeededInteraction[] = new Array<SeededInteraction>(places.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < places.length; i = next++) {
      const place = places[i] as Place;
      const sent = Date.now();
      const { id, token } = world.discord.sendChatCommand({ ...place, name: 'bench-seed', options: [] });
      const base = `${api.pathname}/v10`;
      const ack = await pool.request({ method: 'POST', path: `${base}/interactions/${id}/${token}/callback`, ...json({ type: 5 }) });
      await ack.body.dump();
      const status = statusContent(openTask(i, place), undefined);
      const edit = await pool.request({ method: 'PATCH', path: `${base}/webhooks/${IDS.app}/${token}/messages/@original`, ...json({ content: status }) });
      const message = (await edit.body.json()) as { id?: string };
      if (ack.statusCode >= 300 || !message.id) throw new Error(`seeding interaction ${id} failed: ${ack.statusCode}/${edit.statusCode}`);
      out[i] = { id, token, messageId: message.id, expiresAt: sent + TOKEN_LIFETIME_MS };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await pool.close();
  return out;
}

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Makes FakeRunware know the tasks as accepted and processing (what getResponse then reports). */
export function registerAtRunware(runware: FakeRunware, tasks: Task[], publicUrl?: string): void {
  for (const task of tasks) {
    const request: Record<string, unknown> = {
      taskType: 'videoInference',
      taskUUID: task.id,
      model: task.request.model === 'kling-3-pro' ? 'klingai:kling-video@3-pro' : 'klingai:kling-video@3-standard',
      positivePrompt: task.request.prompt,
      duration: task.request.duration,
      numberResults: 1,
      includeCost: true,
      deliveryMethod: 'async',
      ...(publicUrl ? { webhookURL: `${publicUrl}/webhooks/runware/${task.id}?token=${task.webhookToken}` } : {}),
    };
    runware.videoTasks.set(task.id, { request, status: 'processing', results: [] });
  }
}

/** Finishes the task at FakeRunware without delivering; resolves with the webhook body Runware would POST. */
export async function resultBody(runware: FakeRunware, task: Task): Promise<string> {
  await runware.completeTask(task.id, { deliver: false });
  const record = runware.videoTasks.get(task.id);
  return JSON.stringify({ data: record?.results ?? [] });
}

export function webhookPath(task: Task): string {
  return `/webhooks/runware/${task.id}?token=${task.webhookToken}`;
}
