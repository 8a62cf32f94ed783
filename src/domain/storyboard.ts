import { MAX_SHOTS, SHOT_PROMPT_MAX, type Shot } from './request.ts';

export type ParsedShots =
  { ok: true; shots: Shot[]; shotType: 'customize' } | { ok: true; shots: []; shotType: 'intelligence' } | { ok: false; problems: string[] };

/**
 * Parses the compact storyboard syntax of the `shots` option:
 *   "2s wide shot of the valley | 3s close-up of the hiker"
 * Each shot starts with its whole-second duration (`2s`, `2 s`, `2sec`, `2:`). The word `auto`
 * asks the model to split shots itself. Every problem names the shot it is about.
 */
export function parseShots(text: string): ParsedShots {
  const trimmed = text.trim();
  if (/^auto(matic)?$/i.test(trimmed)) return { ok: true, shots: [], shotType: 'intelligence' };
  const parts = trimmed.split('|').map((p) => p.trim());
  const problems: string[] = [];
  if (parts.length > MAX_SHOTS) problems.push(`at most ${MAX_SHOTS} shots (there are ${parts.length})`);
  const shots: Shot[] = [];
  parts.forEach((part, index) => {
    const n = index + 1;
    if (part === '') {
      problems.push(`shot ${n} is empty (two \`|\` in a row?)`);
      return;
    }
    const match = /^(\d+(?:[.,]\d+)?)\s*(?:s|sec|secs|seconds?)?\s*[:\-–]?\s+(.*)$/is.exec(part) ?? /^(\d+(?:[.,]\d+)?)(?:s|sec)\b\s*(.*)$/is.exec(part);
    if (!match) {
      problems.push(`shot ${n} must start with its length, like \`2s ${part.slice(0, 30)}\``);
      return;
    }
    const duration = Number(match[1]?.replace(',', '.'));
    const prompt = (match[2] ?? '').trim();
    if (!Number.isInteger(duration) || duration < 1) problems.push(`shot ${n} must last a whole number of seconds, at least 1 (it says ${match[1]})`);
    if (prompt.length < 2) problems.push(`shot ${n} needs a description after its length`);
    if (prompt.length > SHOT_PROMPT_MAX) problems.push(`shot ${n} is ${prompt.length} characters (at most ${SHOT_PROMPT_MAX})`);
    shots.push({ duration, prompt });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, shots, shotType: 'customize' };
}

/** "2 s + 3 s" style listing for status and result messages. */
export function describeShots(shots: Shot[]): string {
  return shots.map((shot, i) => `${i + 1}. ${shot.duration} s — ${shot.prompt}`).join('\n');
}
