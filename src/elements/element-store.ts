import type Keyv from 'keyv';
import { KeyedLock } from '../store/keyed-lock.ts';
import type { StoredElement } from './element-types.ts';
import { normaliseName } from './element-rules.ts';

const elementKey = (guildId: string, name: string) => `element:${guildId}:${normaliseName(name)}`;
const indexKey = (guildId: string) => `element-index:${guildId}`;

/**
 * Elements in Keyv: one record per `element:<guild>:<lower-case name>`, plus a per-guild index of
 * the lower-case names (`element-index:<guild>`). Index updates are serialised per guild.
 */
export class ElementStore {
  readonly #kv: Keyv;
  readonly #lock = new KeyedLock();

  constructor(kv: Keyv) {
    this.#kv = kv;
  }

  /** Runs `work` while no other create/save/remove of the same name in the guild runs. */
  withName<T>(guildId: string, name: string, work: () => Promise<T>): Promise<T> {
    return this.#lock.run(elementKey(guildId, name), work);
  }

  async get(guildId: string, name: string): Promise<StoredElement | undefined> {
    return (await this.#kv.get<StoredElement>(elementKey(guildId, name))) ?? undefined;
  }

  async names(guildId: string): Promise<string[]> {
    return (await this.#kv.get<string[]>(indexKey(guildId))) ?? [];
  }

  /** Every element of the guild, by name (index entries whose record is gone are skipped). */
  async all(guildId: string): Promise<StoredElement[]> {
    const found = await Promise.all((await this.names(guildId)).map((name) => this.get(guildId, name)));
    return found.filter((e): e is StoredElement => e !== undefined).sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
  }

  /** Stores the element; the record is written before the index, so the index never names a missing record. */
  async put(element: StoredElement): Promise<void> {
    await this.#kv.set(elementKey(element.guildId, element.name), element);
    await this.#updateIndex(element.guildId, (names) => (names.includes(normaliseName(element.name)) ? names : [...names, normaliseName(element.name)]));
  }

  async delete(guildId: string, name: string): Promise<void> {
    await this.#updateIndex(guildId, (names) => names.filter((n) => n !== normaliseName(name)));
    await this.#kv.delete(elementKey(guildId, name));
  }

  #updateIndex(guildId: string, change: (names: string[]) => string[]): Promise<void> {
    return this.#lock.run(indexKey(guildId), async () => {
      await this.#kv.set(indexKey(guildId), change(await this.names(guildId)));
    });
  }
}
