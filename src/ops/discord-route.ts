/**
 * A Discord REST path as a route class for metric labels: `/channels/123/messages/456` →
 * `/channels/:id/messages/:id`. Ids become `:id`; the token after `/webhooks/<id>/` and
 * `/interactions/<id>/` (an interaction or webhook token lets anyone post as the bot:
 * https://discord.com/developers/docs/interactions/receiving-and-responding#endpoints) becomes
 * `:token`; the emoji after `/reactions/` becomes `:emoji`. Any other segment that is not a plain
 * lower-case word (`messages`, `refresh-urls`, `@me`, `@original`) becomes `:param`, so nothing
 * secret or unbounded can reach a label. Origin, `/api/v10` and the query string are dropped.
 */
export function discordRouteClass(pathOrUrl: string): string {
  const path = withoutQuery(withoutOrigin(pathOrUrl))
    .replace(/^\/api(?=\/|$)/, '')
    .replace(/^\/v\d+(?=\/|$)/, '');
  const segments = path.split('/').filter((s) => s !== '');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const before = segments[i - 1];
    const twoBefore = segments[i - 2];
    if ((twoBefore === 'webhooks' || twoBefore === 'interactions') && /^\d+$/.test(before ?? '')) out.push(':token');
    else if (before === 'reactions') out.push(':emoji');
    else if (/^\d+$/.test(segment)) out.push(':id');
    else if (/^@?[a-z][a-z0-9_-]{0,31}$/.test(segment)) out.push(segment);
    else out.push(':param');
  }
  return `/${out.join('/')}`;
}

function withoutOrigin(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  try {
    return new URL(text).pathname;
  } catch {
    return '/:param';
  }
}

function withoutQuery(path: string): string {
  return path.replace(/[?#].*$/s, '');
}
