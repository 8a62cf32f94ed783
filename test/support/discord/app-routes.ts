// REST routes about the bot itself: gateway discovery, users, the application, command registration, DMs.
import { apiError, json } from './http-io.ts';
import type { Reply } from './http-io.ts';
import { apiMember, apiUser, dmChannel } from './fixtures.ts';
import { nextSnowflake } from './snowflake.ts';
import { param, route } from './router.ts';
import type { Route, RouteContext } from './router.ts';
import type { FakeWorld } from './world.ts';

export function appRoutes(world: FakeWorld, wsUrl: string): Route[] {
  const bot = (): Reply => json(200, apiUser({ ...world.botUser, bot: true }));
  return [
    route('GET', 'gateway', () => json(200, { url: wsUrl }), false),
    route('GET', 'gateway/bot', () =>
      json(200, { url: wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }),
    ),
    route('GET', 'users/@me', bot),
    route('GET', 'users/:user', (ctx) => {
      const user = world.user(param(ctx, 'user'));
      return user ? json(200, apiUser(user)) : apiError(404, 'Unknown User', 10013);
    }),
    route('GET', 'guilds/:guild/members/:user', (ctx) => {
      if (!world.guild(param(ctx, 'guild'))) return apiError(404, 'Unknown Guild', 10004);
      const member = world.member(param(ctx, 'guild'), param(ctx, 'user'));
      return member ? json(200, apiMember(member, world.joinedAt, param(ctx, 'guild'))) : apiError(404, 'Unknown Member', 10007);
    }),
    route('POST', 'users/@me/channels', (ctx) => {
      const recipientId = (ctx.req.body as { recipient_id?: unknown } | undefined)?.recipient_id;
      const user = typeof recipientId === 'string' ? world.user(recipientId) : undefined;
      if (!user) return apiError(400, 'Invalid Recipient(s)', 50033);
      return json(200, dmChannel(world.openDm(user.id), user));
    }),
    // Discord re-signs expired CDN attachment URLs: same path, a new `ex` (expiry) a day ahead.
    route('POST', 'attachments/refresh-urls', (ctx) => {
      const urls = (ctx.req.body as { attachment_urls?: unknown } | undefined)?.attachment_urls;
      if (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string' || !URL.canParse(u))) return apiError(400, 'Invalid Form Body', 50035);
      const refreshed = (urls as string[]).map((original) => {
        const url = new URL(original);
        url.searchParams.set('ex', Math.floor(Date.now() / 1000 + 86_400).toString(16));
        url.searchParams.set('hm', 'refreshed');
        return { original, refreshed: url.toString() };
      });
      return json(200, { refreshed_urls: refreshed });
    }),
    route('GET', 'applications/@me', () =>
      json(200, {
        id: world.applicationId,
        name: world.botUser.username,
        icon: null,
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        team: null,
        bot: apiUser({ ...world.botUser, bot: true }),
      }),
    ),
    ...commandRoutes(world, 'applications/:app/commands', () => 'global'),
    ...commandRoutes(world, 'applications/:app/guilds/:guild/commands', (ctx) => param(ctx, 'guild')),
  ];
}

function commandRoutes(world: FakeWorld, pattern: string, scopeOf: (ctx: RouteContext) => string): Route[] {
  const check = (ctx: RouteContext): Reply | undefined => {
    if (param(ctx, 'app') !== world.applicationId) return apiError(404, 'Unknown Application', 10002);
    const scope = scopeOf(ctx);
    if (scope !== 'global' && !world.guild(scope)) return apiError(403, 'Missing Access', 50001);
    return undefined;
  };
  const echo = (scope: string, command: Record<string, unknown>): Record<string, unknown> => ({
    type: 1,
    default_member_permissions: null,
    nsfw: false,
    ...command,
    id: world.registeredCommandId(scope, String(command.name)),
    application_id: world.applicationId,
    version: nextSnowflake(),
    ...(scope === 'global' ? {} : { guild_id: scope }),
  });
  return [
    route('GET', pattern, (ctx) => check(ctx) ?? json(200, world.registeredCommands.get(scopeOf(ctx)) ?? [])),
    route('PUT', pattern, (ctx) => {
      const failure = check(ctx);
      if (failure) return failure;
      if (!Array.isArray(ctx.req.body)) return apiError(400, 'Invalid Form Body', 50035);
      const scope = scopeOf(ctx);
      const stored = (ctx.req.body as Array<Record<string, unknown>>).map((c) => echo(scope, c));
      world.registeredCommands.set(scope, stored);
      return json(200, stored);
    }),
    route('POST', pattern, (ctx) => {
      const failure = check(ctx);
      if (failure) return failure;
      const body = ctx.req.body as Record<string, unknown> | undefined;
      if (!body || typeof body.name !== 'string') return apiError(400, 'Invalid Form Body', 50035);
      const scope = scopeOf(ctx);
      const command = echo(scope, body);
      const others = (world.registeredCommands.get(scope) ?? []).filter((c) => (c as { name?: unknown }).name !== body.name);
      world.registeredCommands.set(scope, [...others, command]);
      return json(201, command);
    }),
  ];
}
