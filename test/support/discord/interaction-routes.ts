// REST routes for interaction responses: the callback (interaction-callback.ts) and the interaction webhook
// /webhooks/{app}/{token}… (original response and follow-ups), which works while the token is valid
// (https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages).
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { apiError, json, noContent } from './http-io.ts';
import type { Reply } from './http-io.ts';
import { callbackRoute } from './interaction-callback.ts';
import { followUpMessage } from './interaction-messages.ts';
import { checkUploadSizes, validateMessageBody } from './message-checks.ts';
import { param, route } from './router.ts';
import type { Route, RouteContext, RouteHandler } from './router.ts';
import type { StoredMessage } from './types.ts';
import type { FakeWorld, InteractionState } from './world.ts';

export function interactionRoutes(world: FakeWorld): Route[] {
  const webhook =
    (handler: (ctx: RouteContext, state: InteractionState) => Reply): RouteHandler =>
    (ctx) => {
      const state = world.interactionByToken(param(ctx, 'token'));
      if (param(ctx, 'app') !== world.applicationId || !state) return apiError(404, 'Unknown Webhook', 10015);
      if (world.tokenExpired(state)) return apiError(401, 'Invalid Webhook Token', 50027);
      return handler(ctx, state);
    };
  const withMessage = (handler: (ctx: RouteContext, state: InteractionState, message: StoredMessage) => Reply): RouteHandler =>
    webhook((ctx, state) => {
      const id = param(ctx, 'message');
      const { original, followUps } = state.record;
      const message = id === '@original' ? original : followUps.find((m) => m.id === id);
      return message && !message.deleted ? handler(ctx, state, message) : apiError(404, 'Unknown Message', 10008);
    });
  const edit = (ctx: RouteContext, state: InteractionState, message: StoredMessage): Reply => {
    const invalid = validateMessageBody(ctx.req.body, ctx.req.files.length, true) ?? checkUploadSizes(ctx.req.files, state.attachmentSizeLimit);
    if (invalid) return invalid;
    return json(200, world.messages.toApi(world.messages.edit(message, ctx.req.body, ctx.req.files, MessageFlags.Loading)));
  };

  return [
    callbackRoute(world),
    route(
      'GET',
      'webhooks/:app/:token/messages/:message',
      withMessage((_ctx, _state, message) => json(200, world.messages.toApi(message))),
      false,
    ),
    route('PATCH', 'webhooks/:app/:token/messages/:message', withMessage(edit), false),
    route(
      'DELETE',
      'webhooks/:app/:token/messages/:message',
      withMessage((_ctx, _state, message) => {
        world.messages.remove(message);
        return noContent();
      }),
      false,
    ),
    route(
      'POST',
      'webhooks/:app/:token',
      webhook((ctx, state) => {
        if (!state.record.callback) return apiError(404, 'Unknown Webhook', 10015);
        // Right after a deferred reply (5), a follow-up edits the loading message instead of creating one; its
        // ephemeral flag is ignored (the deprecated behaviour Discord documents under "Create Followup Message").
        const loading = state.record.original;
        const deferred = state.record.callback.type === InteractionResponseType.DeferredChannelMessageWithSource;
        if (deferred && loading && !loading.deleted && (loading.flags & MessageFlags.Loading) !== 0 && state.record.followUps.length === 0) {
          return edit(ctx, state, loading);
        }
        const invalid = validateMessageBody(ctx.req.body, ctx.req.files.length) ?? checkUploadSizes(ctx.req.files, state.attachmentSizeLimit);
        if (invalid) return invalid;
        const message = world.messages.create({ ...followUpMessage(world, state), body: ctx.req.body, files: ctx.req.files });
        state.record.followUps.push(message);
        return ctx.req.query.wait === 'true' ? json(200, world.messages.toApi(message)) : noContent();
      }),
      false,
    ),
  ];
}
