import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';

describe('logger', () => {
  it('redacts secrets wherever they appear in a log object', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
    const log = createLogger('info', sink);
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
    const text = lines.join('');
    for (const secret of ['SEC-key', 'SEC-tok', 'SEC-wh', 'SEC-auth', 'SEC-dt', 'SEC-ks', 'SEC-im']) expect(text).not.toContain(secret);
    expect(text).toContain('task-1');
    expect(text).toContain('[redacted]');
  });
});
