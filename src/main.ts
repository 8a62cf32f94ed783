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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    void bot.stop().then(() => process.exit(0));
  });
}
