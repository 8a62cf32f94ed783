import type { Client } from 'discord.js';

/**
 * A member's roles and display name, fetched (a reaction carries no roles; budgets by role and the
 * spender role need them). Undefined roles when the member cannot be fetched: checks then fail closed.
 */
export async function memberOf(client: Client, guildId: string | null, userId: string): Promise<{ roleIds?: string[]; userName?: string }> {
  if (!guildId) return {};
  try {
    const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
    const member = await guild.members.fetch(userId);
    return { roleIds: [...member.roles.cache.keys()], userName: member.displayName };
  } catch {
    return {};
  }
}
