import { config as loadDotenv } from 'dotenv';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { createLogger } from './logging/logger.ts';
import { startApp } from './start.ts';

loadDotenv({ quiet: true });

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const log = createLogger(config);
const bot = await buildApp(config, { log })
  .then(startApp)
  .catch((error: unknown) => {
    log.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  });

/** A deploy restarts processes one at a time: stop taking work, finish what is under way, hand back leases, exit within 10 s. */
const STOP_WITHIN_MS = 9000;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    const late = setTimeout(() => {
      log.warn({ signal }, 'shutdown took too long; exiting anyway (unfinished work is taken over when its lease ends)');
      process.exit(1);
    }, STOP_WITHIN_MS);
    late.unref();
    void bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
