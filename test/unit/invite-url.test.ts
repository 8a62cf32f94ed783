import { describe, expect, it } from 'vitest';
import { BOT_PERMISSIONS, botPermissionBits, inviteUrl } from '../../src/discord/invite-url.ts';

describe('invite URL', () => {
  it('asks for exactly View Channel, Send Messages (also in threads), Read Message History, Embed Links, Attach Files and Manage Messages', () => {
    // 1024 + 2048 + 2^38 + 65536 + 16384 + 32768 + 8192, from Discord's permission table
    // (https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags).
    expect(botPermissionBits()).toBe(274_878_032_896n);
    expect(Object.keys(BOT_PERMISSIONS)).not.toContain('AddReactions');
    expect(Object.keys(BOT_PERMISSIONS)).not.toContain('Administrator');
  });

  it('adds the bot and its slash commands to a server', () => {
    expect(inviteUrl('123456789012345678')).toBe(
      'https://discord.com/oauth2/authorize?client_id=123456789012345678&scope=bot%20applications.commands&permissions=274878032896',
    );
  });
});
