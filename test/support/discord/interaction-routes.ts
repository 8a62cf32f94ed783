// REST routes for interaction responses: the callback and the interaction webhook (original + follow-ups),
// for every interaction type the fake sends (commands, autocomplete, message commands, modal submits).
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { checkCallback } from './callback-checks.ts';
import { apiError, json, noContent } from './http-io.ts';
import type { Reply } from './http-io.ts';
import { validateMessageBody } from './channel-routes.ts';
import { param, route } from './router.ts';
import type { Route, RouteContext, RouteHandler } from './router.ts';
import type { StoredMessage } from './types.ts';
import type { FakeWorld, InteractionState } from './world.ts';

const KNOWN_CALLBACK_TYPES = new Set<number>([
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.UpdateMessage,
  InteractionResponseType.ApplicationCommandAutocompleteResult,
  InteractionResponseType.Modal,
]);

export function interactionRoutes(world: FakeWorld): Route[] {
  const webhook =
    (handler: (ctx: RouteContext, state: InteractionState) => Reply): RouteHandler =>
    (ctx) => {
      const state = world.interactionByToken(param(ctx, 'token'));
      if (param(ctx, 'app') !== world.applicationId || !state) return apiError(404, 'Unknown Webhook', 10015);
      return handler(ctx, state);
    };
  const withMessage = (handler: (ctx: RouteContext, state: InteractionState, message: StoredMessage) => Reply): RouteHandler =>
    webhook((ctx, state) => {
      const id = param(ctx, 'message');
      const { original, followUps } = state.record;
      const message = id === '@original' ? original : followUps.find((m) => m.id === id);
      return message && !message.deleted ? handler(ctx, state, message) : apiError(404, 'Unknown Message', 10008);
    });
  const where = (state: InteractionState): { channelId: string; guildId: string; interactionId: string } => ({
    channelId: state.channelId,
    guildId: state.guildId,
    interactionId: state.id,
  });

  return [
    route(
      'POST',
      'interactions/:id/:token/callback',
      (ctx) => {
        const state = world.interaction(param(ctx, 'id'));
        if (!state || state.token !== param(ctx, 'token')) return apiError(404, 'Unknown interaction', 10062);
        if (state.record.callback) return apiError(400, 'Interaction has already been acknowledged.', 40060);
        const body = (ctx.req.body ?? {}) as { type?: number; data?: Record<string, unknown> };
        if (typeof body.type !== 'number' || !KNOWN_CALLBACK_TYPES.has(body.type)) return apiError(400, 'Invalid Form Body', 50035);
        const wrongForInteraction = checkCallback(state.type, body.type, body.data);
        if (wrongForInteraction) return wrongForInteraction;
        if (body.type === InteractionResponseType.ChannelMessageWithSource) {
          const invalid = validateMessageBody(body.data, ctx.req.files.length);
          if (invalid) return invalid;
          state.record.original = world.messages.create({ ...where(state), body: body.data, files: ctx.req.files });
        }
        if (body.type === InteractionResponseType.DeferredChannelMessageWithSource) {
          const flags = typeof body.data?.flags === 'number' ? body.data.flags : 0;
          state.record.original = world.messages.create({ ...where(state), body: { flags }, files: [], extraFlags: MessageFlags.Loading });
        }
        state.record.callback = { type: body.type, ...(body.data !== undefined ? { data: body.data } : {}) };
        if (ctx.req.query.with_response !== 'true') return noContent();
        return json(200, callbackResponse(world, state, body.type));
      },
      false,
    ),
    route(
      'GET',
      'webhooks/:app/:token/messages/:message',
      withMessage((_ctx, _state, message) => json(200, world.messages.toApi(message))),
      false,
    ),
    route(
      'PATCH',
      'webhooks/:app/:token/messages/:message',
      withMessage((ctx, _state, message) => {
        const invalid = validateMessageBody(ctx.req.body, ctx.req.files.length, true);
        if (invalid) return invalid;
        return json(200, world.messages.toApi(world.messages.edit(message, ctx.req.body, ctx.req.files, MessageFlags.Loading)));
      }),
      false,
    ),
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
        const invalid = validateMessageBody(ctx.req.body, ctx.req.files.length);
        if (invalid) return invalid;
        const message = world.messages.create({ ...where(state), body: ctx.req.body, files: ctx.req.files });
        state.record.followUps.push(message);
        return ctx.req.query.wait === 'true' ? json(200, world.messages.toApi(message)) : noContent();
      }),
      false,
    ),
  ];
}

/** The `?with_response=true` answer (an InteractionCallbackResponse). */
function callbackResponse(world: FakeWorld, state: InteractionState, type: number): unknown {
  const message = state.record.original;
  return {
    interaction: {
      id: state.id,
      type: state.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: (message.flags & MessageFlags.Loading) !== 0,
            response_message_ephemeral: (message.flags & MessageFlags.Ephemeral) !== 0,
          }
        : {}),
    },
    resource: { type, ...(message ? { message: world.messages.toApi(message) } : {}) },
  };
}
