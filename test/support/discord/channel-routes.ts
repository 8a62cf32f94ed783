// REST routes under /channels/{id}: messages, history, edits, deletes, the bot's own reactions, channel fetch.
import { apiError, json, noContent } from './http-io.ts';
import type { Reply } from './http-io.ts';
import { dmChannel, guildTextChannel } from './fixtures.ts';
import { checkUploadSizes, validateMessageBody } from './message-checks.ts';
import { param, route } from './router.ts';
import type { Route, RouteContext, RouteHandler } from './router.ts';
import type { StoredMessage } from './types.ts';
import type { ChannelInfo, FakeWorld } from './world.ts';

export function channelRoutes(world: FakeWorld): Route[] {
  /** Messages created with `enforce_nonce`, by channel and nonce. */
  const byNonce = new Map<string, StoredMessage>();
  /** Applies injected failures and unknown-channel checks before the handler runs. */
  const inChannel =
    (handler: (ctx: RouteContext, info: ChannelInfo, channelId: string) => Reply): RouteHandler =>
    (ctx) => {
      const channelId = param(ctx, 'channel');
      const failure = world.channelFailures.get(channelId);
      if (failure === 'forbidden') return apiError(403, 'Missing Permissions', 50013);
      if (failure === 'missing') return apiError(404, 'Unknown Channel', 10003);
      const info = world.channel(channelId);
      if (!info) return apiError(404, 'Unknown Channel', 10003);
      return handler(ctx, info, channelId);
    };
  const withMessage = (handler: (ctx: RouteContext, message: StoredMessage) => Reply): RouteHandler =>
    inChannel((ctx, _info, channelId) => {
      const message = world.messages.get(channelId, param(ctx, 'message'));
      return message ? handler(ctx, message) : apiError(404, 'Unknown Message', 10008);
    });
  const reaction = (present: boolean): RouteHandler =>
    withMessage((ctx, message) => {
      world.messages.setReaction(message, param(ctx, 'emoji'), present);
      return noContent();
    });

  return [
    route(
      'GET',
      'channels/:channel',
      inChannel((_ctx, info, channelId) =>
        json(
          200,
          info.kind === 'dm' ? dmChannel(channelId, info.user) : guildTextChannel(info.guild.id, info.channel, info.guild.channels.indexOf(info.channel)),
        ),
      ),
    ),
    route(
      'POST',
      'channels/:channel/messages',
      inChannel((ctx, info, channelId) => {
        if (info.kind === 'dm' && world.usersWithClosedDms.has(info.user.id)) return apiError(403, 'Cannot send messages to this user', 50007);
        const invalid = validateMessageBody(ctx.req.body, ctx.req.files.length) ?? checkUploadSizes(ctx.req.files, world.attachmentSizeLimit(channelId));
        if (invalid) return invalid;
        const nonceKey = enforcedNonce(channelId, ctx.req.body);
        const existing = nonceKey ? byNonce.get(nonceKey) : undefined;
        if (existing && !existing.deleted && Date.parse(existing.timestamp) >= Date.now() - 5 * 60_000) return json(200, world.messages.toApi(existing));
        const message = world.messages.create({
          channelId,
          ...(info.kind === 'guild' ? { guildId: info.guild.id } : {}),
          body: ctx.req.body,
          files: ctx.req.files,
        });
        if (nonceKey) byNonce.set(nonceKey, message);
        return json(200, world.messages.toApi(message));
      }),
    ),
    route(
      'GET',
      'channels/:channel/messages',
      inChannel((ctx, _info, channelId) => {
        const page = historyPage(ctx.req.query);
        if (typeof page === 'string') {
          const error = { code: 'BASE_TYPE_BAD_VALUE', message: `Invalid ${page}: limit is 1-100; use one of before, after, around (a snowflake).` };
          return json(400, { message: 'Invalid Form Body', code: 50035, errors: { [page]: { _errors: [error] } } });
        }
        return json(
          200,
          world.messages.history(channelId, page).map((m) => world.messages.toApi(m)),
        );
      }),
    ),
    route(
      'GET',
      'channels/:channel/messages/:message',
      withMessage((_ctx, message) => json(200, world.messages.toApi(message))),
    ),
    route(
      'PATCH',
      'channels/:channel/messages/:message',
      withMessage((ctx, message) => {
        if (message.author.id !== world.botUser.id) return apiError(403, 'Cannot edit a message authored by another user', 50005);
        const invalid =
          validateMessageBody(ctx.req.body, ctx.req.files.length, true) ?? checkUploadSizes(ctx.req.files, world.attachmentSizeLimit(message.channel_id));
        return invalid ?? json(200, world.messages.toApi(world.messages.edit(message, ctx.req.body, ctx.req.files)));
      }),
    ),
    route(
      'DELETE',
      'channels/:channel/messages/:message',
      withMessage((_ctx, message) => {
        world.messages.remove(message);
        return noContent();
      }),
    ),
    route('PUT', 'channels/:channel/messages/:message/reactions/:emoji/@me', reaction(true)),
    route('DELETE', 'channels/:channel/messages/:message/reactions/:emoji/@me', reaction(false)),
  ];
}

/**
 * Discord's `enforce_nonce`: a message with the same nonce from the same author within a few
 * minutes is not created again; the earlier message is returned instead. Returns the lookup key.
 */
function enforcedNonce(channelId: string, body: unknown): string | undefined {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (b.enforce_nonce !== true || (typeof b.nonce !== 'string' && typeof b.nonce !== 'number')) return undefined;
  return `${channelId}:${String(b.nonce)}`;
}

type HistoryPage = Parameters<FakeWorld['messages']['history']>[1];

/**
 * GET /channels/{id}/messages query: `limit` 1–100 (default 50) and at most one of before/after/around
 * (https://discord.com/developers/docs/resources/message#get-channel-messages). Returns the bad field's name.
 */
function historyPage(query: Record<string, string>): HistoryPage | string {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return 'limit';
  const anchors = (['before', 'after', 'around'] as const).filter((k) => query[k] !== undefined);
  if (anchors.length > 1) return anchors[1] ?? 'around';
  const [anchor] = anchors;
  if (anchor === undefined) return { limit };
  const id = query[anchor] ?? '';
  return /^\d{1,20}$/.test(id) ? { limit, [anchor]: id } : anchor;
}
