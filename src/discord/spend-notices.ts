import { Routes, type REST } from 'discord.js';
import type { Logger } from '../logging/log.ts';
import type { BudgetAlert } from '../money/budget-alerts.ts';
import type { GuildSettings } from '../store/guild-settings.ts';
import { describe } from './discord-notifier.ts';
import { alertText } from './spend-messages.ts';

/** Posts money notices to a server's alert channel (`/settings server alert_channel`). */
export class SpendNotices {
  readonly #rest: REST;
  readonly #settings: Pick<GuildSettings, 'server'>;
  readonly #log: Logger;

  constructor(rest: REST, settings: Pick<GuildSettings, 'server'>, log: Logger) {
    this.#rest = rest;
    this.#settings = settings;
    this.#log = log;
  }

  /** Budget alerts (each already recorded once per period). Without an alert channel they are only logged. */
  async postAlerts(guildId: string, alerts: BudgetAlert[]): Promise<void> {
    for (const alert of alerts)
      this.#log.info({ guildId, budgetId: alert.usage.budget.id, threshold: alert.threshold, memberId: alert.memberId }, 'budget passed a threshold');
    // Called without waiting (after a reservation): it must never reject.
    const channelId = await this.#settings.server(guildId).then(
      (s) => s.alertChannelId,
      (error: unknown) => void this.#log.warn({ guildId, err: describe(error) }, 'could not read the alert channel; alerts only logged'),
    );
    if (!channelId) return;
    for (const alert of alerts) await this.post(guildId, channelId, { content: alertText(alert), allowed_mentions: { parse: [] } });
  }

  /** Posts to a channel; resolves with the message id, or undefined (logged) when Discord refuses. */
  async post(guildId: string, channelId: string, body: Record<string, unknown>): Promise<string | undefined> {
    try {
      return ((await this.#rest.post(Routes.channelMessages(channelId), { body })) as { id: string }).id;
    } catch (error) {
      this.#log.warn({ guildId, channelId, err: describe(error) }, 'could not post in the alert channel');
      return undefined;
    }
  }
}
