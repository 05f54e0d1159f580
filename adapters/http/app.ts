import Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { problemMiddleware } from './problem.js';
import { rateLimit, TokenBuckets } from './rate-limit.js';
import { requestCheckoutIds } from '../observability/log-context.js';

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
      logger.info({ requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms, ...requestCheckoutIds(ctx) }, 'request');
    }
  };
}

function securityHeaders() {
  return async (ctx: Koa.Context, next: Koa.Next) => {
    await next();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    // The response's own header (a page's no-cache, an asset's immutable), else nothing is cached.
    ctx.set('Cache-Control', ctx.response.get('Cache-Control') || 'no-store');
  };
}

const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id';
const CORS_EXPOSE_HEADERS = 'Location, Retry-After, X-Request-Id, Idempotent-Replayed';
const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE';

/**
 * CORS for the configured origins only. No origins: no CORS headers at all. A preflight from an
 * allowed origin is answered here; from any other origin it gets no CORS headers, so the browser
 * refuses. Bearer tokens travel in a header, so no credentials (cookies) are allowed.
 */
function cors(origins: readonly string[]) {
  const allowed = new Set(origins);
  return async (ctx: Koa.Context, next: Koa.Next) => {
    if (allowed.size === 0) return next();
    ctx.vary('Origin');
    const origin = ctx.get('origin');
    if (!allowed.has(origin)) return next();
    ctx.set('Access-Control-Allow-Origin', origin);
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method') !== '') {
      ctx.set('Access-Control-Allow-Methods', CORS_METHODS);
      ctx.set('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
    await next();
  };
}

/**
 * The Temporal UI calls the codec endpoint from the operator's browser: its origin may call
 * `/codec/*` (and nothing else), sending the headers the UI sends.
 */
function codecCors(uiOrigins: readonly string[]) {
  return async (ctx: Koa.Context, next: Koa.Next) => {
    const origin = ctx.get('origin');
    if (!ctx.path.startsWith('/codec/') || !uiOrigins.includes(origin)) return next();
    ctx.vary('Origin');
    ctx.set('Access-Control-Allow-Origin', origin);
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method') !== '') {
      ctx.set('Access-Control-Allow-Methods', 'POST');
      ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    await next();
  };
}

export interface HttpAppOptions {
  readonly logger: Logger;
  readonly routers: readonly Router[];
  /** Browser origins allowed by CORS; none by default. */
  readonly cors?: { readonly origins: readonly string[] };
  /** The Temporal UI's origin, allowed to call the codec endpoint. */
  readonly temporalUiOrigins?: readonly string[];
  /** Per client IP; generous defaults (30 tokens a minute, 5,000 webhooks a second, 120 browser returns a minute). */
  readonly rateLimits?: { readonly tokensPerMinute: number; readonly webhooksPerSecond: number; readonly returnsPerMinute?: number };
  /** Sees every request once its final status is set (the metrics). */
  readonly observe?: Koa.Middleware;
}

/** The browser-return routes of checkouts and top-ups: unauthenticated, and each one drives a saga. */
const RETURN_PATH = /^(\/wallet\/top-ups)?\/payments\/[^/]+\/return\/?$/;

export function createHttpApp(deps: HttpAppOptions): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  const limits = deps.rateLimits ?? { tokensPerMinute: 30, webhooksPerSecond: 5000 };
  app.use(requestLog(deps.logger));
  if (deps.observe) app.use(deps.observe);
  app.use(codecCors(deps.temporalUiOrigins ?? []));
  app.use(cors(deps.cors?.origins ?? []));
  app.use(problemMiddleware(deps.logger));
  app.use(securityHeaders());
  app.use(
    rateLimit([
      { name: 'token issuing', matches: (ctx) => ctx.method === 'POST' && ctx.path === '/dev/token', buckets: new TokenBuckets(limits.tokensPerMinute, 60_000) },
      { name: 'webhooks', matches: (ctx) => ctx.method === 'POST' && ctx.path.startsWith('/webhooks/'), buckets: new TokenBuckets(limits.webhooksPerSecond, 1_000) },
      { name: 'payment returns', matches: (ctx) => RETURN_PATH.test(ctx.path), buckets: new TokenBuckets(limits.returnsPerMinute ?? 120, 60_000) },
    ]),
  );
  for (const router of deps.routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
