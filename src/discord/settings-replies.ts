import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { MODELS, isModelKey, type AspectRatio } from '../domain/models.ts';
import { toMicros, usdText } from '../money/micros.ts';
import type { ChannelDefaults, ServerSettings } from '../store/guild-settings.ts';
import type { CommandContext } from './command-module.ts';

type Interaction = ChatInputCommandInteraction<'cached' | 'raw'>;
const PRIVATE = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** `/settings server …`: changes what was given, then shows the server's settings. */
export async function serverSettingsReply(interaction: Interaction, context: CommandContext): Promise<void> {
  const o = interaction.options;
  const provider = o.getString('default_provider');
  if (provider !== null && provider !== 'global' && !context.providers.has(provider)) {
    await interaction.reply({ content: `\`default_provider\` must be one of: ${[...context.providers.names(), 'global'].join(', ')}.`, ...PRIVATE });
    return;
  }
  const confirm = o.getNumber('confirm_above');
  const maxRunning = o.getInteger('max_running');
  const role = o.getRole('spender_role');
  const alert = o.getChannel('alert_channel');
  const change: { [K in keyof ServerSettings]?: ServerSettings[K] | null } = {
    defaultProvider: provider === null ? undefined : provider === 'global' ? null : provider,
    confirmAboveUsd: confirm ?? undefined,
    maxRunning: maxRunning ?? undefined,
    spenderRoleId: role ? role.id : o.getBoolean('everyone_may_spend') ? null : undefined,
    alertChannelId: alert?.id,
  };
  const settings = await context.guildSettings.updateServer(interaction.guildId, change);
  const changed = Object.values(change).some((v) => v !== undefined);
  if (changed) context.log.info({ guildId: interaction.guildId, userId: interaction.user.id, change }, 'server settings changed');
  await interaction.reply({ content: `${changed ? 'Saved. ' : ''}Server settings:\n${serverLines(settings, context).join('\n')}`, ...PRIVATE });
}

/** `/settings channel …`: sets or clears one channel's defaults for /video and "Make video". */
export async function channelSettingsReply(interaction: Interaction, context: CommandContext): Promise<void> {
  const o = interaction.options;
  const channelId = o.getChannel('channel')?.id ?? interaction.channelId;
  if (o.getBoolean('clear')) {
    await context.guildSettings.clearChannel(interaction.guildId, channelId);
    await interaction.reply({ content: `<#${channelId}> has no defaults of its own now: the server’s and the bot’s apply.`, ...PRIVATE });
    return;
  }
  const provider = o.getString('provider');
  if (provider !== null && !context.providers.has(provider)) {
    await interaction.reply({ content: `\`provider\` must be one of: ${context.providers.names().join(', ')}.`, ...PRIVATE });
    return;
  }
  const model = o.getString('model');
  const current = await context.guildSettings.channel(interaction.guildId, channelId);
  const next: ChannelDefaults = {
    ...current,
    ...(model && isModelKey(model) ? { model } : {}),
    ...(o.getInteger('duration') !== null ? { duration: o.getInteger('duration') ?? undefined } : {}),
    ...(o.getString('aspect_ratio') !== null ? { aspectRatio: o.getString('aspect_ratio') as AspectRatio } : {}),
    ...(o.getBoolean('sound') !== null ? { sound: o.getBoolean('sound') ?? undefined } : {}),
    ...(provider !== null ? { provider } : {}),
    ...(o.getBoolean('enforce') !== null ? { enforce: o.getBoolean('enforce') ?? undefined } : {}),
  };
  await context.guildSettings.setChannel(interaction.guildId, channelId, next);
  context.log.info({ guildId: interaction.guildId, channelId, userId: interaction.user.id, defaults: next }, 'channel defaults changed');
  await interaction.reply({ content: `Saved. Defaults in <#${channelId}>:\n${channelLines(next).join('\n')}`, ...PRIVATE });
}

/** `/settings show`: what applies in this channel, and where each value comes from. */
export async function settingsShowReply(interaction: Interaction, context: CommandContext): Promise<void> {
  const server = await context.guildSettings.server(interaction.guildId);
  const channel = await context.guildSettings.channel(interaction.guildId, interaction.channelId);
  const lines = ['**Server**', ...serverLines(server, context), '', `**This channel** (<#${interaction.channelId}>)`, ...channelLines(channel)];
  await interaction.reply({ content: lines.join('\n'), ...PRIVATE });
}

function serverLines(s: ServerSettings, context: CommandContext): string[] {
  return [
    `• default provider: ${s.defaultProvider ?? `${context.providers.defaultName} (bot default)`}`,
    `• ask to confirm above: ${s.confirmAboveUsd > 0 ? usdText(toMicros(s.confirmAboveUsd)) : 'never'}`,
    `• videos running at once per member: ${s.maxRunning > 0 ? s.maxRunning : 'no limit'}`,
    `• who may start paid videos: ${s.spenderRoleId ? `members with <@&${s.spenderRoleId}>` : 'everyone who can use /video'}`,
    `• alert channel: ${s.alertChannelId ? `<#${s.alertChannelId}>` : 'none (alerts are only logged)'}`,
  ];
}

function channelLines(c: ChannelDefaults): string[] {
  const set = [
    c.model ? `model ${MODELS[c.model].label}` : undefined,
    c.duration ? `${c.duration} s` : undefined,
    c.aspectRatio,
    c.sound === undefined ? undefined : `sound ${c.sound ? 'on' : 'off'}`,
    c.provider ? `provider ${c.provider}` : undefined,
  ].filter((x): x is string => Boolean(x));
  if (set.length === 0) return ['• no defaults of its own'];
  return [`• ${set.join(' · ')}`, `• ${c.enforce ? 'enforced: these win over the member’s own options' : 'defaults: a member’s own options win'}`];
}
