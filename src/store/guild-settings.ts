import type Keyv from 'keyv';

interface GuildSettingsRecord {
  defaultProvider?: string;
}

/** Per-server settings chosen in Discord (by members who may manage the server). */
export class GuildSettings {
  readonly #kv: Keyv;

  constructor(kv: Keyv) {
    this.#kv = kv;
  }

  async defaultProvider(guildId: string | null): Promise<string | undefined> {
    if (!guildId) return undefined;
    return (await this.#kv.get<GuildSettingsRecord>(`guild:${guildId}`))?.defaultProvider;
  }

  async setDefaultProvider(guildId: string, provider: string | undefined): Promise<void> {
    const current = (await this.#kv.get<GuildSettingsRecord>(`guild:${guildId}`)) ?? {};
    await this.#kv.set(`guild:${guildId}`, { ...current, defaultProvider: provider });
  }
}
