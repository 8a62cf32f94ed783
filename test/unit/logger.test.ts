import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/logging/logger.ts';
import { APP, INTERACTION, TOKEN, capture, discordError } from '../support/log-capture.ts';

describe('logger', () => {
  it('redacts secrets wherever they appear in a log object', () => {
    const { log, text } = capture();
    log.info(
      {
        apiKey: 'SEC-key',
        token: 'SEC-tok',
        webhookToken: 'SEC-wh',
        headers: { authorization: 'Bearer SEC-auth' },
        config: { DISCORD_TOKEN: 'SEC-dt', KLING_SECRET_KEY: 'SEC-ks', IMINI_API_KEY: 'SEC-im' },
        taskId: 'task-1',
      },
      'hello',
    );
    for (const secret of ['SEC-key', 'SEC-tok', 'SEC-wh', 'SEC-auth', 'SEC-dt', 'SEC-ks', 'SEC-im']) expect(text()).not.toContain(secret);
    expect(text()).toContain('task-1');
    expect(text()).toContain('[redacted]');
  });

  it("keeps a refused Discord request's interaction token out of the log (url, message, stack, cause)", () => {
    const { log, text } = capture();
    const callback = `https://discord.com/api/v10/interactions/${INTERACTION}/${TOKEN}/callback?with_response=true`;
    log.warn({ err: discordError(), taskId: 'task-1' }, 'status edit failed');
    log.warn({ err: discordError(callback) }, 'acknowledge failed');
    log.warn({ err: new Error(`PATCH /webhooks/${APP}/${TOKEN}/messages/@original returned 404`) }, 'edit failed');
    log.error(
      { err: new Error('could not post the result', { cause: new Error(`POST /webhooks/${APP}/${TOKEN} failed`, { cause: discordError() }) }) },
      'post',
    );
    log.warn({ detail: `Discord 404 10015 at /webhooks/${APP}/${TOKEN}/messages/1` }, `follow-up to /webhooks/${APP}/${TOKEN} failed`);
    log.child({ route: `/interactions/${INTERACTION}/${TOKEN}/callback` }).info('child binding');
    log.info(`interpolated %s`, `/webhooks/${APP}/${TOKEN}`);
    log.error(discordError()); // an error as the only argument: pino takes its message as msg

    const out = text();
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(TOKEN.slice(0, 24));
    const entries = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, any>);
    expect(entries).toHaveLength(8);
    expect(entries[0]).toMatchObject({
      taskId: 'task-1',
      msg: 'status edit failed',
      err: { type: 'DiscordAPIError', status: 404, code: 10015, url: `https://discord.com/api/v10/webhooks/${APP}/[redacted]/messages/@original` },
    });
    expect(entries[1]?.err.url).toBe(`https://discord.com/api/v10/interactions/${INTERACTION}/[redacted]/callback?with_response=true`);
    expect(entries[2]?.err.message).toBe(`PATCH /webhooks/${APP}/[redacted]/messages/@original returned 404`);
    expect(entries[3]?.err.stack).toContain(`caused by: Error: POST /webhooks/${APP}/[redacted] failed`);
    expect(entries[4]).toMatchObject({
      detail: `Discord 404 10015 at /webhooks/${APP}/[redacted]/messages/1`,
      msg: `follow-up to /webhooks/${APP}/[redacted] failed`,
    });
    expect(entries[5]?.route).toBe(`/interactions/${INTERACTION}/[redacted]/callback`);
    expect(entries[6]?.msg).toBe(`interpolated /webhooks/${APP}/[redacted]`);
  });

  it("redacts token= query values (the bot's callback secrets) but not the task ids in its own webhook paths", () => {
    const { log, text } = capture();
    log.info({ webhookURL: 'https://bot.example.com/webhooks/runware/task-7?token=cb-secret-1', body: '{"url":"/x?a=1&token=cb-secret-2"}' }, 'submitted');
    log.warn('refused https://bot.example.com/webhooks/kling/task-8?Token=cb-secret-3&x=1');
    expect(text()).not.toMatch(/cb-secret/);
    expect(text()).toContain('/webhooks/runware/task-7?token=[redacted]');
    expect(text()).toContain('/webhooks/kling/task-8?Token=[redacted]&x=1');
  });
});

describe('redactText', () => {
  it('replaces only the token segment, and is idempotent', () => {
    const once = redactText(`GET https://discord.com/api/v10/webhooks/${APP}/${TOKEN}/messages/@original?thread_id=1`);
    expect(once).toBe(`GET https://discord.com/api/v10/webhooks/${APP}/[redacted]/messages/@original?thread_id=1`);
    expect(redactText(once)).toBe(once);
    expect(redactText('a @hero and /webhooks/runware/task-1 stay')).toBe('a @hero and /webhooks/runware/task-1 stay');
  });
});
