import { describe, expect, it } from 'vitest';
import { failureMessage } from '../../src/discord/result-message.ts';
import { shownTask, STATUS_MESSAGE, USER } from '../support/discord-tasks.ts';

const failed = (fields: Parameters<typeof shownTask>[0] = {}) =>
  shownTask({
    status: 'failed',
    results: [],
    cost: undefined,
    failure: {
      kind: 'balance',
      userMessage: 'The video provider account is out of credit. An admin needs to top it up.',
      detail: 'Runware 402 insufficientCredits',
    },
    ...fields,
  });

describe('failureMessage', () => {
  it('tells the requester why in plain words, with the request summary and the prompt, never the provider detail', () => {
    const body = failureMessage(failed());
    expect(body.content).toBe(
      `<@${USER}> your video could not be made: The video provider account is out of credit. An admin needs to top it up.\n` +
        '**Kling 3.0 Standard (720p)** · 5 s · 16:9 · sound on · text only\n' +
        '> a red fox running through snow',
    );
    expect(body.content).not.toContain('Runware 402');
    expect(body.content).not.toContain('insufficientCredits');
    expect(body.embeds).toBeUndefined();
    expect(body.components).toBeUndefined();
  });

  it('pings only the requester, replies to the status message, and carries the enforced nonce', () => {
    const body = failureMessage(failed());
    expect(body.allowed_mentions).toEqual({ parse: [], users: [USER], replied_user: false });
    expect(body.message_reference).toEqual({ message_id: STATUS_MESSAGE, fail_if_not_exists: false });
    expect(body.nonce).toBe('3f2b8c1a9d4e4f6a8b7c12345');
    expect(body.enforce_nonce).toBe(true);
    expect(failureMessage(failed({ origin: { guildId: null, channelId: 'dm', userId: '42' } })).message_reference).toBeUndefined();
  });

  it('quotes at most the first 200 characters of the prompt, every line quoted', () => {
    const prompt = `line one\nline two ${'y'.repeat(400)}`;
    const content = failureMessage(failed({ request: { ...shownTask().request, prompt } })).content;
    const quoted = content.split('\n').slice(2);
    expect(quoted).toEqual(['> line one', `> ${prompt.slice(9, 199)}…`]);
    expect(quoted.map((line) => line.slice(2)).join('\n')).toHaveLength(200);
  });

  it('adds a money line when given one', () => {
    expect(failureMessage(failed(), 'Nothing was charged.').content.split('\n')[1]).toBe('Nothing was charged.');
  });

  it('has a fallback reason', () => {
    expect(failureMessage(failed({ failure: undefined })).content).toMatch(/^<@\d+> your video could not be made: the provider could not make this video\.\n/);
  });
});
