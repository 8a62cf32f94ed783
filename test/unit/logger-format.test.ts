import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { APP, TOKEN, capture, discordError } from '../support/log-capture.ts';

const ENTRY = { taskId: 'task-1', provider: 'runware', attempt: 2, headers: { authorization: 'Bearer SEC-auth' }, apiKey: 'SEC-key' };

function isJsonLines(text: string): boolean {
  return text
    .trim()
    .split('\n')
    .every((line) => line.startsWith('{') && typeof JSON.parse(line) === 'object');
}

describe('LOG_FORMAT', () => {
  it('auto writes JSON lines when the output is not a terminal, and readable lines when it is', () => {
    const piped = capture({ LOG_LEVEL: 'info', LOG_FORMAT: 'auto' });
    piped.log.info(ENTRY, 'submitted');
    expect(isJsonLines(piped.text())).toBe(true);

    const terminal = capture({ LOG_LEVEL: 'info', LOG_FORMAT: 'auto' }, true);
    terminal.log.info(ENTRY, 'submitted');
    expect(terminal.text()).toMatch(/^\[.+\] INFO: submitted\n/);

    const bareLevel = capture('info', true); // createLogger(level) as before: auto
    bareLevel.log.info('hi');
    expect(bareLevel.text()).toMatch(/INFO: hi/);
  });

  it('json and pretty force their format whatever the output is', () => {
    const json = capture({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, true);
    json.log.info(ENTRY, 'submitted');
    expect(isJsonLines(json.text())).toBe(true);

    const pretty = capture({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    pretty.log.info(ENTRY, 'submitted');
    expect(pretty.text()).toMatch(/^\[.+\] INFO: submitted\n/);
    expect(pretty.text()).not.toContain('\u001b['); // no colour codes into a file or pipe
  });

  it('shows the same fields either way, redacted the same way', () => {
    const json = capture({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    const pretty = capture({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    for (const { log } of [json, pretty]) log.warn({ ...ENTRY, err: discordError() }, `follow-up to /webhooks/${APP}/${TOKEN} failed`);

    const entry = JSON.parse(json.text()) as Record<string, unknown>;
    const text = pretty.text();
    for (const [key, value] of Object.entries(entry)) {
      if (['level', 'time', 'msg'].includes(key)) continue;
      expect(text, key).toContain(`${key}:`);
      if (typeof value !== 'object') expect(text, key).toContain(JSON.stringify(value));
    }
    expect(text).toContain('"status": 404');
    expect(text).toContain(`"url": "https://discord.com/api/v10/webhooks/${APP}/[redacted]/messages/@original"`);
    expect(text).toContain(`WARN: follow-up to /webhooks/${APP}/[redacted] failed`);
    for (const secret of [TOKEN, 'SEC-auth', 'SEC-key']) expect(text).not.toContain(secret);
  });
});

describe('a process that exits right after logging', () => {
  // What src/main.ts does when start-up fails: log.fatal(...), then process.exit(1) at once.
  const script = `
    import { createLogger } from ${JSON.stringify(new URL('../../src/logging/logger.ts', import.meta.url).href)};
    const log = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: process.argv[1] });
    for (let i = 0; i < 300; i++) log.info({ i }, 'filler');
    log.fatal({ err: new Error('refused: /webhooks/${APP}/${TOKEN}') }, 'start-up failed');
    process.exit(1);`;

  for (const format of ['json', 'pretty']) {
    it(`still prints every line (${format})`, () => {
      const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script, format], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      const stdout = run.stdout.replace(/\u001b\[[0-9;]*m/g, ''); // in case FORCE_COLOR is set
      expect(stdout.match(/filler/g)).toHaveLength(300);
      expect(stdout).toMatch(format === 'json' ? /"level":60.*"msg":"start-up failed"/ : /FATAL: start-up failed/);
      expect(stdout).toContain(`refused: /webhooks/${APP}/[redacted]`);
      expect(stdout).not.toContain(TOKEN);
    });
  }
});
