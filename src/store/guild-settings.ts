import type Keyv from 'keyv';
import type { AspectRatio, ModelKey } from '../domain/models.ts';

/** Server-wide choices made in Discord by members with Manage Server (`/settings server`). */
export interface ServerSettings {
  defaultProvider?: string;
  /** Ask before starting a video priced above this (USD); 0 = never ask. */
  confirmAboveUsd: number;
  /** How many of a member's tasks may run at the provider at once; 0 = no limit. */
  maxRunning: number;
  /** Only members with this role may start paid videos; unset = everyone who can use /video. */
  spenderRoleId?: string;
  /** Where budget alerts and "Ask for more" requests go. */
  alertChannelId?: string;
}

/** `/settings channel`: defaults for /video in one channel, optionally enforced over the member's options. */
export interface ChannelDefaults {
  model?: ModelKey;
  duration?: number;
  aspectRatio?: AspectRatio;
  sound?: boolean;
  provider?: string;
  /** The channel's values win over the command's own options (the member is told). */
  enforce?: boolean;
}

export const SERVER_DEFAULTS: ServerSettings = { confirmAboveUsd: 2, maxRunning: 3 };

/** Per-server and per-channel settings (plain key-value records). */
export class GuildSettings {
  readonly #kv: Keyv;

  constructor(kv: Keyv) {
    this.#kv = kv;
  }

  async server(guildId: string | null): Promise<ServerSettings> {
    if (!guildId) return { ...SERVER_DEFAULTS };
    return { ...SERVER_DEFAULTS, ...((await this.#kv.get<Partial<ServerSettings>>(`guild:${guildId}`)) ?? {}) };
  }

  /** Changes the given fields; `null` puts a field back to its default. */
  async updateServer(guildId: string, change: { [K in keyof ServerSettings]?: ServerSettings[K] | null }): Promise<ServerSettings> {
    const current = (await this.#kv.get<Partial<ServerSettings>>(`guild:${guildId}`)) ?? {};
    const next: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(change)) {
      if (value === null) delete next[key];
      else if (value !== undefined) next[key] = value;
    }
    await this.#kv.set(`guild:${guildId}`, next);
    return { ...SERVER_DEFAULTS, ...(next as Partial<ServerSettings>) };
  }

  async defaultProvider(guildId: string | null): Promise<string | undefined> {
    return (await this.server(guildId)).defaultProvider;
  }

  async channel(guildId: string | null, channelId: string): Promise<ChannelDefaults> {
    if (!guildId) return {};
    return (await this.#kv.get<ChannelDefaults>(`channel:${guildId}:${channelId}`)) ?? {};
  }

  async setChannel(guildId: string, channelId: string, defaults: ChannelDefaults): Promise<void> {
    await this.#kv.set(`channel:${guildId}:${channelId}`, defaults);
  }

  async clearChannel(guildId: string, channelId: string): Promise<void> {
    await this.#kv.delete(`channel:${guildId}:${channelId}`);
  }
}
