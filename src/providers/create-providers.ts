import { configuredKling, type Config } from '../config/schema.ts';
import type { Logger } from '../logging/log.ts';
import type { RetryPolicy } from './http-client.ts';
import type { VideoProvider } from './provider.ts';
import type { ProviderError } from './provider-error.ts';
import { IminiProvider } from './imini/imini-provider.ts';
import { KlingProvider } from './kling/kling-provider.ts';
import { RunwareProvider } from './runware/runware-provider.ts';

/** Builds an adapter for every provider whose credentials are set, in failover order. */
export function createProviders(config: Config, log: Logger): VideoProvider[] {
  const retry: RetryPolicy = {
    retries: config.PROVIDER_RETRIES,
    minDelayMs: config.PROVIDER_RETRY_MIN_MS,
    maxDelayMs: Math.max(config.PROVIDER_RETRY_MIN_MS * 16, 15_000),
  };
  const onRetry = (taskId: string, error: ProviderError, attempt: number) =>
    log.warn({ taskId, attempt, kind: error.kind, detail: error.message }, 'provider call failed; retrying');
  const providers: VideoProvider[] = [];
  if (config.RUNWARE_API_KEY) {
    providers.push(new RunwareProvider({ apiKey: config.RUNWARE_API_KEY, apiUrl: config.RUNWARE_API_URL, retry, onRetry }));
  }
  if (configuredKling(config)) {
    providers.push(
      new KlingProvider({
        apiUrl: config.KLING_API_URL,
        accessKey: config.KLING_ACCESS_KEY,
        secretKey: config.KLING_SECRET_KEY,
        apiKey: config.KLING_API_KEY,
        webhookSecret: config.KLING_WEBHOOK_SECRET,
        unitPriceUsd: config.KLING_UNIT_PRICE_USD,
        retry,
        onRetry,
      }),
    );
  }
  if (config.IMINI_API_KEY) {
    providers.push(new IminiProvider({ apiKey: config.IMINI_API_KEY, apiUrl: config.IMINI_API_URL, prices: config.IMINI_PRICES, retry, onRetry }));
  }
  return providers;
}
