import type { ModelKey } from '../domain/models.ts';
import type Keyv from 'keyv';
import type { Eta } from './ports.ts';

interface EtaRecord {
  samples: number;
  meanMs: number;
}

/** Learns how long generations take per model and duration (a running mean over recent tasks). */
export class EtaBook {
  readonly #kv: Keyv;
  readonly #cache = new Map<string, EtaRecord>();

  constructor(kv: Keyv) {
    this.#kv = kv;
  }

  async estimate(model: ModelKey, duration: number): Promise<Eta> {
    const record = await this.#read(model, duration);
    if (record) return { expectedMs: record.meanMs, samples: record.samples };
    // First guess before any task finished: longer clips and higher tiers take longer.
    const tierFactor = model.endsWith('4k') ? 3 : model.endsWith('pro') ? 1.5 : 1;
    return { expectedMs: Math.round((60_000 + duration * 15_000) * tierFactor), samples: 0 };
  }

  async record(model: ModelKey, duration: number, tookMs: number): Promise<void> {
    const key = `eta:${model}:${duration}`;
    const previous = await this.#read(model, duration);
    // Weight recent tasks more once there are enough samples (providers' queues change).
    const samples = (previous?.samples ?? 0) + 1;
    const weight = Math.max(1 / samples, 0.2);
    const meanMs = previous ? previous.meanMs + (tookMs - previous.meanMs) * weight : tookMs;
    const next = { samples, meanMs: Math.round(meanMs) };
    this.#cache.set(key, next);
    await this.#kv.set(key, next);
  }

  async #read(model: ModelKey, duration: number): Promise<EtaRecord | undefined> {
    const key = `eta:${model}:${duration}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const stored = (await this.#kv.get<EtaRecord>(key)) ?? undefined;
    if (stored) this.#cache.set(key, stored);
    return stored;
  }
}
