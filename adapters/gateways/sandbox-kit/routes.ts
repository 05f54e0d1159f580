import type Koa from 'koa';
import { isPageRead } from './http.js';
import type { SandboxPages } from './pages.js';

/** Which of a sandbox's own routes answers a path under its mount path: the API, the hosted pages, the controls. */

/** What answers a path under a sandbox's mount path (`/` at the mount path itself). */
export type RouteHandler = (ctx: Koa.Context, route: string) => Promise<void> | void;

/** `page` for GET and HEAD (a browser reading a page), or the one method a route answers. */
export type RouteMethod = 'page' | 'GET' | 'POST';

/**
 * One route of a sandbox's own, answering every method unless `method` says otherwise: `under` a
 * prefix (`/v1/`), its handler getting the whole route; or at a `path`, which may hold one `:id`
 * standing for a path segment (`/c/pay/:id/confirm`), its handler getting that segment decoded
 * (`''` for a path without one).
 */
export type SandboxRoute =
  | { readonly under: string; readonly method?: RouteMethod; readonly handle: RouteHandler }
  | { readonly path: string; readonly method?: RouteMethod; readonly handle: (ctx: Koa.Context, id: string) => Promise<void> | void };

/**
 * A gateway sandbox's handler: `/__sandbox/…` goes to `controls`, any other route to the first of
 * `routes` that matches it and the request's method, and a route none matches gets `pages`' 404 page.
 */
export function sandboxRouter(controls: RouteHandler, routes: readonly SandboxRoute[], pages: Pick<SandboxPages, 'errorPage'>): RouteHandler {
  return (ctx, route) => {
    if (route.startsWith('/__sandbox/')) return controls(ctx, route);
    for (const r of routes) {
      const match = 'under' in r ? (route.startsWith(r.under) ? route : undefined) : pathId(r.path, route);
      if (match !== undefined && answers(ctx, r.method)) return r.handle(ctx, match);
    }
    return pages.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
  };
}

/** Whether a route with `method` answers this request's method. */
function answers(ctx: Koa.Context, method: RouteMethod | undefined): boolean {
  return method === undefined || (method === 'page' ? isPageRead(ctx) : ctx.method === method);
}

/** The decoded `:id` segment of `route` when it matches `path` (`''` when `path` has none), else `undefined`. */
function pathId(path: string, route: string): string | undefined {
  const at = path.indexOf(':id');
  if (at === -1) return route === path ? '' : undefined;
  const before = path.slice(0, at);
  const after = path.slice(at + ':id'.length);
  if (route.length <= before.length + after.length || !route.startsWith(before) || !route.endsWith(after)) return undefined;
  const segment = route.slice(before.length, route.length - after.length);
  return segment.includes('/') ? undefined : decodeURIComponent(segment);
}

/**
 * A hosted page's routes: the page, read at `path`, and each of `actions` POSTed to `path/<name>`
 * (`/<name>` for a page at the root), each handler getting the `:id` of `path` if it has one.
 */
export function pageRoutes(
  path: string,
  page: (ctx: Koa.Context, id: string) => Promise<void> | void,
  actions: Readonly<Record<string, (ctx: Koa.Context, id: string) => Promise<void> | void>>,
): SandboxRoute[] {
  const base = path === '/' ? '' : path;
  return [{ path, method: 'page', handle: page }, ...Object.entries(actions).map(([name, handle]): SandboxRoute => ({ path: `${base}/${name}`, method: 'POST', handle }))];
}
