import type Keyv from 'keyv';
import { MAX_ELEMENTS, PROMPT_MAX, type ElementRef, type ImageRef } from '../domain/request.ts';
import type { RequestProblem } from '../domain/problems.ts';
import type { Logger } from '../logging/log.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { MediaStore } from '../media/media-store.ts';
import { namedElements, rewritePrompt } from './element-prompt.ts';
import { elementProviders, providerElements, registerWithProviders } from './element-providers.ts';
import {
  compositionProblems,
  descriptionProblem,
  DESCRIPTION_MAX,
  nameProblem,
  nameTakenProblem,
  normaliseName,
  parseTags,
  providerIdProblem,
  shapeOf,
} from './element-rules.ts';
import { ElementStore } from './element-store.ts';
import type { StoredElement } from './element-types.ts';

/** What /element create collects: an element before any provider knows it. */
export type NewElementInput = Omit<ElementRef, 'providerIds'>;

export type ElementResult = { ok: true; element: StoredElement; warnings: string[] } | { ok: false; problem: string };

const SUGGESTIONS_MAX = 25;

/**
 * The per-server element library. Images live in the media store (never as Discord URLs) and
 * provider ids are kept, so an element keeps working for months; Runware copies of the images
 * are re-uploaded from the kept bytes when they get old (MediaStore.providerCopy).
 */
export class ElementLibrary {
  readonly #store: ElementStore;
  readonly #providers: ProviderRegistry;
  readonly #media: MediaStore;
  readonly #log: Logger;

  constructor(deps: { kv: Keyv; providers: ProviderRegistry; media: MediaStore; log: Logger }) {
    this.#store = new ElementStore(deps.kv);
    this.#providers = deps.providers;
    this.#media = deps.media;
    this.#log = deps.log;
  }

  /** Creates an element and registers it with every configured provider that has an element library. */
  async create(guildId: string, creatorId: string, input: NewElementInput): Promise<ElementResult> {
    const tags = parseTags((input.tags ?? []).join(','));
    const problems = [nameProblem(input.name), descriptionProblem(input.description), tags.ok ? null : tags.problem, ...compositionProblems(shapeOf(input))];
    const problem = joinProblems(problems);
    if (problem) return { ok: false, problem };
    const name = input.name.trim().replace(/^@/, '');
    return this.#store.withName(guildId, name, async () => {
      const taken = await this.#takenProblem(guildId, name);
      if (taken) return { ok: false, problem: taken };
      const ref = snapshot({ ...input, name, tags: tags.ok ? tags.tags : [], description: input.description?.trim(), providerIds: {} });
      const registration = await registerWithProviders(ref, { providers: this.#providers, media: this.#media, log: this.#log }, { guildId });
      if (registration.attempted > 0 && Object.keys(registration.providerIds).length === 0) {
        return { ok: false, problem: `No video provider could save \`${name}\`, so nothing was saved:\n${registration.failures.join('\n')}` };
      }
      const warnings = [...registration.failures];
      if (registration.attempted === 0)
        warnings.push('No configured provider keeps an element library; the element’s images are sent with each video instead.');
      const element: StoredElement = { ...ref, providerIds: registration.providerIds, guildId, creatorId, createdAt: Date.now(), source: 'created' };
      await this.#media.pin([...(element.frontal ? [element.frontal] : []), ...(element.images ?? [])]);
      await this.#store.put(element);
      this.#log.info({ guildId, element: name, creatorId, providers: Object.keys(element.providerIds) }, 'element created');
      return { ok: true, element, warnings };
    });
  }

  /** Registers an element that already exists at a provider, under a name. */
  async save(guildId: string, creatorId: string, input: { name: string; provider: string; id: string; description?: string }): Promise<ElementResult> {
    const problem = joinProblems([
      nameProblem(input.name),
      descriptionProblem(input.description),
      providerIdProblem(input.id),
      this.#providerProblem(input.provider),
    ]);
    if (problem) return { ok: false, problem };
    const name = input.name.trim().replace(/^@/, '');
    const id = input.id.trim();
    const provider = this.#providers.get(input.provider);
    return this.#store.withName(guildId, name, async () => {
      const taken = await this.#takenProblem(guildId, name);
      if (taken) return { ok: false, problem: taken };
      const twin = (await this.#store.all(guildId)).find((e) => e.providerIds[provider.name] === id);
      if (twin) return { ok: false, problem: `\`id\` ${provider.label} element \`${id}\` is already saved in this server as \`${twin.name}\`` };
      const warnings: string[] = [];
      let description = input.description?.trim() || undefined;
      const listed = await providerElements(provider, this.#log);
      const found = listed?.find((e) => e.id === id);
      if (listed && !found)
        warnings.push(`${provider.label} does not list an element \`${id}\` in this account; it was saved anyway, so check the id if videos with it fail.`);
      if (!description && found?.description) description = found.description.slice(0, DESCRIPTION_MAX);
      const element: StoredElement = {
        ...snapshot({ name, description, providerIds: { [provider.name]: id } }),
        guildId,
        creatorId,
        createdAt: Date.now(),
        source: 'saved',
      };
      await this.#store.put(element);
      this.#log.info({ guildId, element: name, creatorId, provider: provider.name, providerElementId: id }, 'element saved from provider id');
      return { ok: true, element, warnings };
    });
  }

  async get(guildId: string, name: string): Promise<StoredElement | undefined> {
    return this.#store.get(guildId, name);
  }

  async list(guildId: string): Promise<StoredElement[]> {
    return this.#store.all(guildId);
  }

  /** Deletes it if `by` is its creator or may manage the server. */
  async remove(guildId: string, name: string, by: { userId: string; canManageServer: boolean }): Promise<{ ok: true } | { ok: false; problem: string }> {
    return this.#store.withName(guildId, name, async () => {
      const element = await this.#store.get(guildId, name);
      if (!element) return { ok: false, problem: unknownElement(name) };
      if (element.creatorId !== by.userId && !by.canManageServer) {
        return { ok: false, problem: `only <@${element.creatorId}>, who made \`${element.name}\`, or someone with the Manage Server permission can delete it` };
      }
      await this.#store.delete(guildId, name);
      this.#log.info({ guildId, element: element.name, by: by.userId }, 'element deleted');
      return { ok: true };
    });
  }

  /** Up to 25 elements whose name starts with (then contains) `typed`, for autocomplete. */
  async suggest(guildId: string, typed: string): Promise<StoredElement[]> {
    const key = normaliseName(typed);
    const all = await this.#store.all(guildId);
    const starts = all.filter((e) => normaliseName(e.name).startsWith(key));
    const contains = all.filter((e) => !normaliseName(e.name).startsWith(key) && normaliseName(e.name).includes(key));
    return [...starts, ...contains].slice(0, SUGGESTIONS_MAX);
  }

  /**
   * Elements named by the element options plus `@name` mentions in the prompt, in order, without
   * repeats; the prompt gets the provider reference `<<<element_N>>>` in place of each `@name`
   * (and names given only by option are referenced by their position).
   */
  async resolve(
    guildId: string | null,
    optionNames: string[],
    prompt: string,
  ): Promise<{ ok: true; elements: ElementRef[]; prompt: string } | { ok: false; problems: RequestProblem[] }> {
    const named = namedElements(optionNames, prompt);
    if (named.length === 0) return { ok: true, elements: [], prompt };
    if (guildId === null) {
      return {
        ok: false,
        problems: [{ option: named[0]?.option ?? 'prompt', message: 'saved elements belong to a server: use them in a server channel, not in DMs' }],
      };
    }
    const problems: RequestProblem[] = [];
    const elements: ElementRef[] = [];
    for (const entry of named) {
      const element = await this.#store.get(guildId, entry.key);
      if (element) elements.push(snapshot(element));
      else if (entry.option) problems.push({ option: entry.option, message: unknownElement(entry.written) });
      else problems.push({ option: 'prompt', message: `mentions \`@${entry.written}\`, but ${unknownElement(entry.written)}` });
    }
    if (named.length > MAX_ELEMENTS) {
      problems.push({
        option: 'element',
        message: `at most ${MAX_ELEMENTS} elements per video (this one names ${named.length}: ${named.map((e) => `\`${e.written}\``).join(', ')})`,
      });
    }
    if (problems.length > 0) return { ok: false, problems };
    const rewritten = rewritePrompt(
      prompt,
      named.map((e) => e.key),
    );
    if (rewritten.length > PROMPT_MAX) {
      problems.push({
        option: 'prompt',
        message: `with the element references (\`<<<element_N>>>\`) it becomes ${rewritten.length} characters; at most ${PROMPT_MAX}`,
      });
      return { ok: false, problems };
    }
    return { ok: true, elements, prompt: rewritten };
  }

  async #takenProblem(guildId: string, name: string): Promise<string | null> {
    const existing = await this.#store.get(guildId, name);
    if (!existing) return null;
    return nameTakenProblem(existing.name);
  }

  #providerProblem(name: string): string | null {
    const usable = elementProviders(this.#providers);
    const list = usable.map((p) => `\`${p.name}\``).join(', ') || 'none';
    if (!this.#providers.has(name)) return `\`provider\` \`${name}\` is not configured on this bot (providers with element libraries: ${list})`;
    if (!usable.some((p) => p.name === name)) return `\`provider\` \`${name}\` has no element library (providers with one: ${list})`;
    return null;
  }
}

export function unknownElement(name: string): string {
  return `no element called \`${name}\` in this server — see /element list`;
}

/** The plain ElementRef a request carries (library bookkeeping stripped, absent fields omitted). */
function snapshot(e: ElementRef): ElementRef {
  const ref: ElementRef = { name: e.name, providerIds: { ...e.providerIds } };
  if (e.description) ref.description = e.description;
  if (e.tags?.length) ref.tags = [...e.tags];
  if (e.frontal) ref.frontal = e.frontal;
  if (e.images?.length) ref.images = [...e.images];
  if (e.voiceUrl) ref.voiceUrl = e.voiceUrl;
  if (e.videoUrl) ref.videoUrl = e.videoUrl;
  return ref;
}

function joinProblems(problems: Array<string | null>): string | null {
  const real = problems.filter((p): p is string => p !== null);
  return real.length > 0 ? real.join('\n') : null;
}
