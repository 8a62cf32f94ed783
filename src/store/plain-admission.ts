import type { Task } from '../domain/task.ts';
import type { Admission, Admitted } from '../flow/orders.ts';
import type { Schedule, StoredTask, TaskRepository } from './task-repository.ts';

const UNAVAILABLE = 'The bot cannot record this request right now, so nothing was submitted and nothing was charged. Please try again in a moment.';

/** Admission without spending rules: the task is stored, or nothing happens (never fail open). */
export function plainAdmission(tasks: TaskRepository): Admission {
  return {
    async admit(task: Task, schedule: Schedule): Promise<Admitted> {
      try {
        return { ok: true, task: await tasks.create(task, schedule) };
      } catch {
        return { ok: false, refusal: { kind: 'unavailable', message: UNAVAILABLE } };
      }
    },
    async reprice(current: StoredTask, next: Task): Promise<Admitted> {
      const moved = await tasks.update(current.id, (t) => ({
        ...t,
        provider: next.provider,
        failoverFrom: next.failoverFrom,
        estimatedCost: next.estimatedCost,
      }));
      return moved ? { ok: true, task: moved } : { ok: false, refusal: { kind: 'unavailable', message: UNAVAILABLE } };
    },
  };
}
