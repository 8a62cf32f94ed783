import type { ElementRef } from '../domain/request.ts';
import type { FailureKind } from '../domain/task.ts';
import type { Logger } from '../logging/log.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import { ProviderError } from '../providers/provider-error.ts';
import type { MediaAccess, ProviderElement, VideoProvider } from '../providers/provider.ts';

/** Providers that keep elements: they can create one, or list the account's own. */
export function elementProviders(providers: ProviderRegistry): VideoProvider[] {
  return providers.list().filter((p) => typeof p.createElement === 'function' || typeof p.listElements === 'function');
}

export interface Registration {
  providerIds: Record<string, string>;
  /** One plain sentence per provider that failed. */
  failures: string[];
  /** How many providers were asked. */
  attempted: number;
}

/** Calls `createElement` on every configured provider that has it, at the same time. */
export async function registerWithProviders(
  element: ElementRef,
  deps: { providers: ProviderRegistry; media: MediaAccess; log: Logger },
  where: { guildId: string },
): Promise<Registration> {
  const creators = deps.providers.list().filter((p) => typeof p.createElement === 'function');
  const settled = await Promise.allSettled(creators.map((p) => p.createElement!(element, deps.media)));
  const providerIds: Record<string, string> = {};
  const failures: string[] = [];
  settled.forEach((outcome, index) => {
    const provider = creators[index];
    if (!provider) return;
    if (outcome.status === 'fulfilled' && typeof outcome.value === 'string' && outcome.value.length > 0) {
      providerIds[provider.name] = outcome.value;
      return;
    }
    const error = outcome.status === 'rejected' ? outcome.reason : new Error('createElement returned no id');
    deps.log.warn({ guildId: where.guildId, element: element.name, provider: provider.name, ...errorFields(error) }, 'provider could not create element');
    failures.push(`${provider.label} could not save it: ${reasonFor(error)}.`);
  });
  return { providerIds, failures, attempted: creators.length };
}

/** The account's own elements at a provider, or undefined (logged) when it cannot list them now. */
export async function providerElements(provider: VideoProvider, log: Logger): Promise<ProviderElement[] | undefined> {
  if (typeof provider.listElements !== 'function') return undefined;
  try {
    return await provider.listElements();
  } catch (error) {
    log.warn({ provider: provider.name, ...errorFields(error) }, 'provider could not list its elements');
    return undefined;
  }
}

const REASONS: Partial<Record<FailureKind, string>> = {
  auth: 'it rejected the bot’s API key (an admin needs to check it)',
  balance: 'the account is out of credit',
  content_policy: 'it refused the media under its content policy',
  invalid_parameter: 'it did not accept these images or settings',
  rate_limit: 'it is busy right now, try again in a few minutes',
  server: 'it had an internal error, try again later',
  network: 'the bot could not reach it, try again later',
};

/** Plain words for a provider failure; provider details go to the log only. */
export function reasonFor(error: unknown): string {
  if (error instanceof ProviderError) return REASONS[error.kind] ?? 'it answered with an error';
  return 'something went wrong while talking to it';
}

export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof ProviderError) return { kind: error.kind, status: error.status, code: error.code, detail: error.message };
  return { detail: error instanceof Error ? error.message : String(error) };
}
