import { PermissionFlagsBits } from 'discord.js';

/**
 * The permissions the bot asks for when it is invited, each with why
 * (https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags).
 * Not asked: Add Reactions (the bot adds none of its own; taking off someone's refused ❌ needs
 * Manage Messages, https://discord.com/developers/docs/resources/message#delete-user-reaction).
 */
export const BOT_PERMISSIONS = {
  ViewChannel: 'see the channels where /video is used',
  SendMessages: 'post status messages and results',
  SendMessagesInThreads: 'post them when /video is used in a thread',
  ReadMessageHistory: 'find its own earlier result messages after a restart, so nothing is posted twice',
  EmbedLinks: 'show results and job lists as embeds',
  AttachFiles: 'attach videos, spend charts and CSV reports',
  ManageMessages: 'take off a ❌ reaction from someone who may not delete that result',
} as const satisfies Partial<Record<keyof typeof PermissionFlagsBits, string>>;

/** The permission integer for the invite URL: the bits of BOT_PERMISSIONS ORed together. */
export function botPermissionBits(): bigint {
  return (Object.keys(BOT_PERMISSIONS) as Array<keyof typeof BOT_PERMISSIONS>).reduce((bits, name) => bits | PermissionFlagsBits[name], 0n);
}

/** The URL that adds the bot to a server with its slash commands and exactly these permissions. */
export function inviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=bot%20applications.commands&permissions=${botPermissionBits()}`;
}
