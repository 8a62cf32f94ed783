import { describe, expect, it } from 'vitest';
import { parseResultButton, RESULT_ACTIONS, resultButtonId, resultButtons } from '../../src/discord/result-buttons.ts';

const ID = '3f2b8c1a-9d4e-4f6a-8b7c-1234567890ab';

describe('result buttons', () => {
  it('ids are result:<action>:<task id> and parse back', () => {
    for (const action of RESULT_ACTIONS) {
      expect(resultButtonId(action, ID)).toBe(`result:${action}:${ID}`);
      expect(parseResultButton(resultButtonId(action, ID))).toEqual({ action, taskId: ID });
    }
  });

  it('refuses ids that are not result buttons', () => {
    for (const id of ['result:explode:abc', 'element:rerun:abc', 'result:rerun:', 'result:rerun', 'garbage', '']) {
      expect(parseResultButton(id)).toBeUndefined();
    }
  });

  it('one row: 🔁 Rerun (primary), ✏️ Remix, ✉️ DM me (secondary), ❌ Delete (danger)', () => {
    expect(resultButtons(ID)).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 1, custom_id: `result:rerun:${ID}`, emoji: { name: '🔁' }, label: 'Rerun' },
          { type: 2, style: 2, custom_id: `result:remix:${ID}`, emoji: { name: '✏️' }, label: 'Remix' },
          { type: 2, style: 2, custom_id: `result:dm:${ID}`, emoji: { name: '✉️' }, label: 'DM me' },
          { type: 2, style: 4, custom_id: `result:delete:${ID}`, emoji: { name: '❌' }, label: 'Delete' },
        ],
      },
    ]);
    // Discord refuses custom ids over 100 characters.
    expect(resultButtonId('delete', ID).length).toBeLessThanOrEqual(100);
  });
});
