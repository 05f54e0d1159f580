import Router from '@koa/router';
import { z } from 'zod';
import type { Authenticator, TokenIssuer } from '../auth.js';
import type { StockLevel } from '../../../src/inventory/api.js';
import { readJsonBody } from '../body.js';
import { problemFromZod } from '../problem.js';
import { describeRoute } from '../openapi.js';

export type HealthCheck = () => Promise<void>;

/** `GET /health`: 200 when every dependency answers, 503 naming the ones that do not. */
export function healthRoutes(checks: Readonly<Record<string, HealthCheck>>): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const healthy = results.every(([, status]) => status === 'ok');
    ctx.status = healthy ? 200 : 503;
    ctx.body = { status: healthy ? 'ok' : 'degraded', checks: Object.fromEntries(results) };
  });
  return router;
}

export const tokenBody = z.strictObject({
  customerId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{3,64}$/, 'letters, digits, _ and -, 3 to 64')
    .optional(),
  role: z.enum(['shopper', 'operator']).default('shopper'),
});

/** Demo mode only: issues shopper tokens so the walkthrough needs no identity provider. */
export function devRoutes(deps: { tokens: TokenIssuer; newCustomerId: () => string }): Router {
  const router = new Router();
  router.post('/dev/token', async (ctx) => {
    const raw = ctx.get('content-length') === '0' || !ctx.get('content-type') ? {} : await readJsonBody(ctx);
    const body = tokenBody.safeParse(raw);
    if (!body.success) throw problemFromZod(body.error);
    const customerId = body.data.customerId ?? deps.newCustomerId();
    const expiresIn = 3600;
    const token = body.data.role === 'operator' ? await deps.tokens.issueOperatorToken(customerId, expiresIn) : await deps.tokens.issueShopperToken(customerId, expiresIn);
    ctx.status = 201;
    ctx.body = { token, tokenType: 'Bearer', role: body.data.role, customerId, expiresIn };
  });
  return router;
}

/** Operators: stock at or below its low-stock threshold. */
export function adminStockRoutes(deps: { auth: Authenticator; lowStock: () => Promise<readonly StockLevel[]> }): Router {
  const router = new Router();
  router.get('/admin/stock/low', deps.auth.requireOperator(), async (ctx) => {
    ctx.body = { items: await deps.lowStock() };
  });
  return router;
}

describeRoute({
  method: 'get',
  path: '/health',
  summary: 'Whether PostgreSQL and Temporal answer',
  tags: ['operations'],
  auth: 'none',
  responses: {
    200: { description: 'every dependency answers', schema: z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.enum(['ok', 'unavailable'])) }) },
    503: { description: 'a dependency does not answer; `checks` names it', contentType: 'application/json' },
  },
});
describeRoute({
  method: 'post',
  path: '/dev/token',
  summary: 'Demo mode only: a shopper or operator token for an hour',
  description: 'The body is optional (no body, or an empty one, issues a shopper token for a new customer). Limited per client IP.',
  tags: ['operations'],
  auth: 'none',
  body: tokenBody,
  bodyRequired: false,
  rateLimited: true,
  responses: {
    201: {
      description: 'the token',
      schema: z.object({ token: z.string(), tokenType: z.literal('Bearer'), role: z.enum(['shopper', 'operator']), customerId: z.string(), expiresIn: z.number().int() }),
    },
  },
});
describeRoute({
  method: 'get',
  path: '/admin/stock/low',
  summary: 'SKUs whose available units are at or below their low-stock threshold',
  tags: ['operator'],
  auth: 'operator',
  responses: { 200: { description: 'the stock levels' } },
});
