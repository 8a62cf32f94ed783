/**
 * How a prompt names saved elements: by the /video element options and by `@name` mentions.
 * Providers reference elements as `<<<element_N>>>`, N being the 1-based position in the
 * request's element list (https://runware.ai/docs/models/klingai-video-3-0-standard `inputs.elements`; https://app.klingai.com/global/dev/document-api `element_list`).
 */

/** The /video options that take an element name, in order (problems name the option at fault). */
export const ELEMENT_OPTION_NAMES = ['element', 'element2', 'element3'] as const;

export function elementOptionName(index: number): string {
  return ELEMENT_OPTION_NAMES[index] ?? `element${index + 1}`;
}

/**
 * `@name`: an `@` that does not follow a letter, digit, `_`, `@` or `<` (so e-mail addresses and
 * Discord mentions like `<@123>` are left alone), then the name's characters.
 */
const MENTION = /(?<![\p{L}\p{N}_@<])@([A-Za-z0-9_-]+)/gu;

/**
 * `@everyone` and `@here` are Discord's mass mentions: in a prompt they are plain words (the bot's
 * messages never ping them, allowed mentions see to that), never element names, whatever their
 * case, since Discord users type them from habit
 * (https://discord.com/developers/docs/resources/message#allowed-mentions-object).
 */
const MASS_MENTIONS = new Set(['everyone', 'here']);

export function isMassMention(name: string): boolean {
  return MASS_MENTIONS.has(name.toLowerCase());
}

/** One element the request names, in the order the request will carry them. */
export interface NamedElement {
  /** Lower-case name, the library key. */
  key: string;
  /** As the user wrote it (for messages). */
  written: string;
  /** The option that named it first, or absent when only the prompt mentions it. */
  option?: string;
}

/** Names in the prompt's `@name` mentions, in order of first appearance, without repeats. */
export function findMentions(prompt: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const match of prompt.matchAll(MENTION)) {
    const name = match[1] ?? '';
    if (isMassMention(name) || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

/** The options' names (in order), then names mentioned only in the prompt; each once. */
export function namedElements(optionNames: string[], prompt: string): NamedElement[] {
  const out: NamedElement[] = [];
  const seen = new Set<string>();
  optionNames.forEach((raw, index) => {
    const written = raw.trim().replace(/^@/, '');
    const key = written.toLowerCase();
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push({ key, written, option: elementOptionName(index) });
  });
  for (const written of findMentions(prompt)) {
    const key = written.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, written });
  }
  return out;
}

/**
 * Replaces every `@name` of a listed element with `<<<element_N>>>`, and appends
 * ` (<<<element_N>>>)` for each listed element the prompt does not mention, so the model is told
 * to use it. Mentions of names not in `keys`, and mass mentions, are left as written.
 */
export function rewritePrompt(prompt: string, keys: string[]): string {
  const position = new Map(keys.map((key, index) => [key, index + 1]));
  const mentioned = new Set<string>();
  let out = prompt.replace(MENTION, (whole: string, name: string) => {
    if (isMassMention(name)) return whole;
    const n = position.get(name.toLowerCase());
    if (n === undefined) return whole;
    mentioned.add(name.toLowerCase());
    return reference(n);
  });
  const unmentioned = keys.flatMap((key, index) => (mentioned.has(key) ? [] : [` (${reference(index + 1)})`]));
  if (unmentioned.length > 0) out = out.trimEnd() + unmentioned.join('');
  return out;
}

export function reference(n: number): string {
  return `<<<element_${n}>>>`;
}
