// A tiny REST router over decoded path segments ("channels/:channel/messages/:message").
import type { ParsedRequest, Reply } from './http-io.ts';

export interface RouteContext {
  req: ParsedRequest;
  params: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: string[];
  /** Whether the route needs `Authorization: Bot <token>` (interaction callbacks and webhooks do not). */
  botAuth: boolean;
  handler: RouteHandler;
}

export function route(method: string, pattern: string, handler: RouteHandler, botAuth = true): Route {
  return { method, pattern: pattern.split('/'), botAuth, handler };
}

export function matchRoute(routes: Route[], method: string, segments: string[]): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method || candidate.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = candidate.pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (matches) return { route: candidate, params };
  }
  return undefined;
}

/** Reads a route parameter the pattern guarantees (keeps noUncheckedIndexedAccess honest). */
export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}
