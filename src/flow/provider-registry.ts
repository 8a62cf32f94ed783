import type { Task } from '../domain/task.ts';
import type { VideoProvider } from '../providers/provider.ts';

/** The configured providers, which one new tasks use by default, and failover candidates. */
export class ProviderRegistry {
  readonly #providers = new Map<string, VideoProvider>();
  readonly defaultName: string;
  readonly failover: boolean;

  constructor(providers: VideoProvider[], options: { defaultName?: string; failover?: boolean } = {}) {
    for (const provider of providers) this.#providers.set(provider.name, provider);
    const first = providers[0];
    if (!first) throw new Error('at least one video provider must be configured');
    this.defaultName = options.defaultName && this.#providers.has(options.defaultName) ? options.defaultName : first.name;
    this.failover = options.failover ?? true;
  }

  get(name: string): VideoProvider {
    const provider = this.#providers.get(name);
    if (!provider) throw new Error(`provider ${name} is not configured`);
    return provider;
  }

  has(name: string): boolean {
    return this.#providers.has(name);
  }

  names(): string[] {
    return [...this.#providers.keys()];
  }

  list(): VideoProvider[] {
    return [...this.#providers.values()];
  }

  /** Other configured providers that can run this task unchanged and have not failed it yet. */
  alternativesFor(task: Task): VideoProvider[] {
    if (!this.failover) return [];
    const tried = new Set([task.provider, ...(task.failoverFrom ?? [])]);
    return this.list().filter((p) => !tried.has(p.name) && p.unsupported(task.request).length === 0);
  }
}
