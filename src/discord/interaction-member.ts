import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Spender } from '../money/budgets.ts';

/** The member behind an interaction in a server, as the budgets see them (their role ids as Discord sent them). */
export function spenderOf(interaction: (ChatInputCommandInteraction | ButtonInteraction) & { guildId: string }): Spender {
  const roles = interaction.member?.roles;
  const roleIds = Array.isArray(roles) ? roles : roles ? [...roles.cache.keys()] : [];
  return { guildId: interaction.guildId, channelId: interaction.channelId ?? '', userId: interaction.user.id, roleIds };
}
