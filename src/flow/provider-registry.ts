import type { VideoProvider } from '../providers/provider.ts';

/** The configured providers and which one new tasks use by default. */
export class ProviderRegistry {
  readonly #providers = new Map<string, VideoProvider>();
  readonly defaultName: string;

  constructor(providers: VideoProvider[], defaultName?: string) {
    for (const provider of providers) this.#providers.set(provider.name, provider);
    const first = providers[0];
    if (!first) throw new Error('at least one video provider must be configured');
    this.defaultName = defaultName ?? first.name;
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
}
