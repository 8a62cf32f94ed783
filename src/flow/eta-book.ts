import type { ModelKey } from '../domain/models.ts';
import type Keyv from 'keyv';
import type { Eta } from './ports.ts';

interface EtaRecord {
  samples: number;
  meanMs: number;
}

/** How long learned estimates wait in memory before they are written (a finished task writes nothing itself). */
const FLUSH_AFTER_MS = 30_000;

/**
 * Learns how long generations take per model and duration (a running mean over recent tasks).
 * Estimates are kept in memory and written together at most every 30 s and on `flush()` (a clean
 * shutdown), so delivering a result costs no store write for them; a crash loses at most the
 * last 30 s of samples, which only makes the next estimate a little less sharp.
 */
export class EtaBook {
  readonly #kv: Keyv;
  readonly #cache = new Map<string, EtaRecord>();
  readonly #dirty = new Set<string>();
  readonly #flushAfterMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(kv: Keyv, options: { flushAfterMs?: number } = {}) {
    this.#kv = kv;
    this.#flushAfterMs = options.flushAfterMs ?? FLUSH_AFTER_MS;
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
    this.#cache.set(key, { samples, meanMs: Math.round(meanMs) });
    this.#dirty.add(key);
    this.#timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.#flushAfterMs).unref();
  }

  /** Writes every estimate learned since the last write. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const keys = [...this.#dirty];
    this.#dirty.clear();
    try {
      await Promise.all(keys.map((key) => this.#kv.set(key, this.#cache.get(key))));
    } catch (error) {
      for (const key of keys) this.#dirty.add(key);
      throw error;
    }
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
