import { describe, expect, it } from 'vitest';
import { rerunHeader, RERUN_EMOJI } from '../../src/discord/message-builders.ts';
import { stageOf, statusContent } from '../../src/discord/status-message.ts';
import { shownTask, USER } from '../support/discord-tasks.ts';

const running = (fields: Parameters<typeof shownTask>[0] = {}) => shownTask({ results: [], cost: undefined, completedAt: undefined, ...fields });
const stageLine = (content: string) => content.split('\n').at(-1);

describe('statusContent: the whole message', () => {
  it('shows what was asked, the estimate and the stage', () => {
    expect(statusContent(running({ status: 'generating' }), { expectedMs: 120_000, samples: 3 })).toBe(
      '🎬 **Kling 3.0 Standard (720p)** · 5 s · 16:9 · sound on · text only\n' +
        '> a red fox running through snow\n' +
        'Estimated cost ≈ $0.63 · reserved\n' +
        '▰▰▰▱▱ ⚙️ Generating · ready <t:130:R>',
    );
  });

  it('says what happened to the money: reserved, charged, or released', () => {
    expect(statusContent(running(), undefined, { reserved: false }).split('\n')[2]).toBe('Estimated cost ≈ $0.63');
    expect(statusContent(running({ status: 'succeeded', cost: { usd: 0.42, estimated: false } }), undefined).split('\n')[2]).toBe('Cost $0.42');
    expect(statusContent(running({ status: 'failed' }), undefined).split('\n')[2]).toBe('Nothing was charged; the ≈ $0.63 reservation was released.');
  });

  it('lists notes (a channel setting that changed the request) before the money', () => {
    const lines = statusContent(running(), undefined, { notes: ['`aspect_ratio` is set to 9:16 in this channel (you asked for 16:9)'] }).split('\n');
    expect(lines[2]).toBe('ℹ️ `aspect_ratio` is set to 9:16 in this channel (you asked for 16:9)');
  });

  it('starts with the rerun header for reruns', () => {
    const content = statusContent(running({ status: 'pending', rerunOf: 'older' }), undefined);
    expect(content.split('\n')[0]).toBe(`${RERUN_EMOJI} <@${USER}> asked to run this again.`);
    expect(content.split('\n')[1]).toMatch(/^🎬 /);
    expect(rerunHeader('7')).toBe('🔁 <@7> asked to run this again.');
    expect(statusContent(running({ status: 'pending' }), undefined)).toMatch(/^🎬 /);
  });
});

describe('statusContent: the stage line', () => {
  it('submitting', () => {
    expect(stageLine(statusContent(running({ status: 'pending' }), undefined))).toBe('▰▱▱▱▱ ⏳ Submitting…');
  });

  it('queued and generating count down to a Discord timestamp from the submit time', () => {
    expect(stageLine(statusContent(running({ status: 'queued' }), { expectedMs: 60_000, samples: 2 }))).toBe('▰▰▱▱▱ 🕒 Queued · ready <t:70:R>');
    expect(stageLine(statusContent(running({ status: 'generating' }), { expectedMs: 60_500, samples: 2 }))).toBe('▰▰▰▱▱ ⚙️ Generating · ready <t:70:R>');
  });

  it('marks an ETA no finished task backs as a first guess', () => {
    expect(stageLine(statusContent(running({ status: 'queued' }), { expectedMs: 60_000, samples: 0 }))).toBe('▰▰▱▱▱ 🕒 Queued · ready <t:70:R> (first guess)');
  });

  it('counts from creation before the submit time is known, and shows no time without an ETA', () => {
    expect(stageLine(statusContent(running({ status: 'queued', submittedAt: undefined, createdAt: 2_000 }), { expectedMs: 60_000, samples: 1 }))).toBe(
      '▰▰▱▱▱ 🕒 Queued · ready <t:62:R>',
    );
    expect(stageLine(statusContent(running({ status: 'generating' }), undefined))).toBe('▰▰▰▱▱ ⚙️ Generating');
  });

  it('downloading', () => {
    expect(stageLine(statusContent(running({ status: 'generating' }), undefined, { downloading: true }))).toBe('▰▰▰▰▱ 📥 Downloading the video…');
  });

  it('done, with how long it took from the submit', () => {
    expect(stageLine(statusContent(shownTask(), undefined))).toBe('▰▰▰▰▰ ✅ Done in 1m 15s');
    expect(stageLine(statusContent(shownTask({ completedAt: 52_000 }), undefined))).toBe('▰▰▰▰▰ ✅ Done in 42s');
  });

  it('failed, with the plain reason and no bar', () => {
    const failed = shownTask({ status: 'failed', results: [], failure: { kind: 'server', userMessage: 'Provider error.', detail: 'HTTP 500 at /v1' } });
    const content = statusContent(failed, undefined);
    expect(stageLine(content)).toBe('❌ Failed: Provider error.');
    expect(content).not.toContain('HTTP 500');
    expect(stageLine(statusContent(shownTask({ status: 'failed', failure: undefined }), undefined))).toBe('❌ Failed: the provider could not make this video.');
  });
});

describe('stageOf', () => {
  it('maps task statuses to the stages a member sees', () => {
    expect(['pending', 'queued', 'generating', 'succeeded', 'failed'].map((status) => stageOf(running({ status: status as never })))).toEqual([
      'submitting',
      'queued',
      'generating',
      'done',
      'failed',
    ]);
    expect(stageOf(running({ status: 'generating' }), true)).toBe('downloading');
  });
});
