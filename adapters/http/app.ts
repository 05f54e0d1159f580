import Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { problemMiddleware } from './problem.js';

/** Request id, timing and one log line per request; never bodies or headers that may hold secrets. */
function requestLog(logger: Logger) {
  return async (ctx: Koa.Context, next: Koa.Next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state['requestId'] = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      logger.info({ requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request');
    }
  };
}

function securityHeaders() {
  return async (ctx: Koa.Context, next: Koa.Next) => {
    await next();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cache-Control', ctx.get('Cache-Control') || 'no-store');
  };
}

export function createHttpApp(deps: { logger: Logger; routers: readonly Router[] }): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  app.use(requestLog(deps.logger));
  app.use(problemMiddleware(deps.logger));
  app.use(securityHeaders());
  for (const router of deps.routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
