// POST /interactions/{id}/{token}/callback for every interaction type the fake sends: replies (4, 5),
// component updates (6, 7), autocomplete results (8) and modals (9)
// (https://discord.com/developers/docs/interactions/receiving-and-responding#create-interaction-response).
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { checkCallback } from './callback-checks.ts';
import { apiError, json, noContent } from './http-io.ts';
import type { Reply } from './http-io.ts';
import { originalResponse } from './interaction-messages.ts';
import { checkUploadSizes, validateMessageBody } from './message-checks.ts';
import { param, route } from './router.ts';
import type { Route, RouteContext } from './router.ts';
import type { FakeWorld, InteractionState } from './world.ts';

const KNOWN_CALLBACK_TYPES = new Set<number>([
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.UpdateMessage,
  InteractionResponseType.ApplicationCommandAutocompleteResult,
  InteractionResponseType.Modal,
]);

interface CallbackBody {
  type?: number;
  data?: Record<string, unknown>;
}

export function callbackRoute(world: FakeWorld): Route {
  return route(
    'POST',
    'interactions/:id/:token/callback',
    (ctx) => {
      const state = world.interaction(param(ctx, 'id'));
      // An expired token is unknown to Discord: the interaction can no longer be answered.
      if (!state || state.token !== param(ctx, 'token') || world.tokenExpired(state)) return apiError(404, 'Unknown interaction', 10062);
      if (state.record.callback) return apiError(400, 'Interaction has already been acknowledged.', 40060);
      const body = (ctx.req.body ?? {}) as CallbackBody;
      if (typeof body.type !== 'number' || !KNOWN_CALLBACK_TYPES.has(body.type)) return apiError(400, 'Invalid Form Body', 50035);
      const refused =
        checkCallback(state.type, body.type, body.data, state.messageId !== undefined) ?? checkUploadSizes(ctx.req.files, state.attachmentSizeLimit);
      if (refused) return refused;
      const failed = respond(world, state, ctx, body.type, body.data);
      if (failed) return failed;
      state.record.callback = { type: body.type, ...(body.data !== undefined ? { data: body.data } : {}) };
      if (ctx.req.query.with_response !== 'true') return noContent();
      return json(200, callbackResponse(world, state, body.type));
    },
    false,
  );
}

/** Creates or updates the messages the callback stands for; returns an error reply when Discord would refuse it. */
function respond(world: FakeWorld, state: InteractionState, ctx: RouteContext, type: number, data: Record<string, unknown> | undefined): Reply | undefined {
  const files = ctx.req.files;
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource: {
      const invalid = validateMessageBody(data, files.length);
      if (invalid) return invalid;
      state.record.original = world.messages.create({ ...originalResponse(world, state), body: data, files });
      return undefined;
    }
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const flags = typeof data?.flags === 'number' ? data.flags : 0;
      state.record.original = world.messages.create({ ...originalResponse(world, state), body: { flags }, files: [], extraFlags: MessageFlags.Loading });
      return undefined;
    }
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage: {
      // @original now means the message the component is on.
      const message = state.messageId ? world.messages.get(state.channelId, state.messageId) : undefined;
      if (!message) return apiError(404, 'Unknown Message', 10008);
      if (type === InteractionResponseType.UpdateMessage) {
        const invalid = validateMessageBody(data, files.length, true);
        if (invalid) return invalid;
        world.messages.edit(message, data, files);
      }
      state.record.original = message;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The `?with_response=true` answer (an InteractionCallbackResponse); `resource.message` only for 4, 5 and 7. */
function callbackResponse(world: FakeWorld, state: InteractionState, type: number): unknown {
  const message = type === InteractionResponseType.DeferredMessageUpdate ? undefined : state.record.original;
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
