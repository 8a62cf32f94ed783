import { modelInfo } from '../domain/models.ts';
import type { ChannelDefaults } from '../store/guild-settings.ts';
import type { Order } from './orders.ts';

/** The options a channel may preset, by their /video option names. */
const FIELDS = [
  { field: 'model', option: 'model' },
  { field: 'duration', option: 'duration' },
  { field: 'aspectRatio', option: 'aspect_ratio' },
  { field: 'sound', option: 'sound' },
] as const;

/**
 * A channel's defaults applied to an order: the command's own option wins over the channel's default
 * (which wins over server and global defaults, already in the order); with `enforce`, the channel's
 * value wins over the option too, and the member is told which option was overridden.
 */
export function applyChannelDefaults<I>(order: Order<I>, channel: ChannelDefaults): { order: Order<I>; notes: string[] } {
  const request = { ...order.request };
  const notes: string[] = [];
  const given = order.given ?? {};
  for (const { field, option } of FIELDS) {
    const preset = channel[field];
    if (preset === undefined || preset === request[field]) continue;
    if (channel.enforce && given[field])
      notes.push(`\`${option}\` is set to ${show(field, preset)} in this channel (you asked for ${show(field, request[field])})`);
    if (channel.enforce || !given[field]) (request as Record<string, unknown>)[field] = preset;
  }
  let provider = order.provider;
  if (channel.provider && channel.provider !== provider) {
    if (channel.enforce && provider) notes.push(`\`provider\` is set to ${channel.provider} in this channel (you asked for ${provider})`);
    if (channel.enforce || !provider) provider = channel.provider;
  }
  return { order: { ...order, request, provider }, notes };
}

function show(field: string, value: unknown): string {
  if (field === 'model') return modelInfo(value as Parameters<typeof modelInfo>[0]).label;
  if (field === 'duration') return `${String(value)} s`;
  if (field === 'sound') return value ? 'on' : 'off';
  return String(value);
}
