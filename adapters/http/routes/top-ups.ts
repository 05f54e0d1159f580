import Router from '@koa/router';
import { z } from 'zod';
import { idempotent } from '../idempotency.js';
import { currencyCode, idempotencyKeyDoc } from './checkouts.js';
import type { MikroOrmIdempotencyKeys } from '../../persistence/mikro-orm-idempotency-keys.js';
import type { TopUps, TopUpView } from '../../../src/wallet/application/top-ups.js';
import { MAX_TOP_UP_MINOR } from '../../../src/wallet/domain/top-up.js';
import { GATEWAY_IDS } from '../../../src/payments/api.js';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { HttpProblem, problemFromDomain, problemFromZod } from '../problem.js';
import { describeRoute } from '../openapi.js';
import { gatewayParam, gatewayReturnRoutes, returnFields } from './payment-returns.js';
import { definedFields } from '../../../src/shared/defined.js';
import { topUpView } from './views.js';

export const requestTopUpBody = z.strictObject({
  amountMinor: z.number().int().min(1).max(MAX_TOP_UP_MINOR),
  gateway: z.enum(GATEWAY_IDS),
  /** Default the shop's first currency. */
  currency: currencyCode.optional(),
});

export const topUpIdParam = z.string().regex(/^top_[0-9A-Za-z]{20,40}$/, 'not a top-up id');

/** Where a gateway sends the shopper's browser back after paying a top-up. */
export const TOP_UP_RETURN_PATH = '/wallet/top-ups/payments/:gateway/return';
export const topUpReturnPath = (gateway: string): string => TOP_UP_RETURN_PATH.replace(':gateway', gateway);

export function topUpReturnBody(view: TopUpView) {
  return {
    topUpId: view.topUpId,
    status: view.status,
    gateway: view.gateway,
    amount: view.amount,
    ...definedFields({ failureReason: view.failureReason, credited: view.credited }),
    links: { self: `/wallet/top-ups/${view.topUpId}` },
  };
}

export function topUpBody(view: TopUpView) {
  return {
    ...view,
    redirectUrl: view.paymentAction?.type === 'redirect' ? view.paymentAction.url : undefined,
    links: { self: `/wallet/top-ups/${view.topUpId}` },
  };
}

/**
 * `POST /wallet/top-ups` and `GET /wallet/top-ups/:topUpId` for the shopper; the return URL the
 * gateways send the browser back to. A return marks nothing paid: the top-up saga is told to ask
 * the gateway, and the answer shown is the verified outcome (or the state as it is).
 */
export function topUpRoutes(deps: { topUps: TopUps; auth: Authenticator; storefrontReturnUrl?: string; idempotencyKeys?: MikroOrmIdempotencyKeys }): Router {
  const router = new Router();
  const shopper = deps.auth.requireShopper();
  // A retried top-up request with its Idempotency-Key gets the first answer, never a second
  // top-up; one whose first run crashed is refused (409), as a second run could charge twice.
  const once = deps.idempotencyKeys
    ? idempotent(deps.idempotencyKeys, (ctx) => `shopper-top-up:${ctx.state['customerId'] as string}`)
    : (_: unknown, next: () => Promise<void>) => next();

  router.post('/wallet/top-ups', shopper, once, async (ctx) => {
    const body = requestTopUpBody.safeParse(await readJsonBody(ctx));
    if (!body.success) throw problemFromZod(body.error);
    const { currency, ...rest } = body.data;
    const requested = await deps.topUps.requestTopUp({ customerId: ctx.state['customerId'] as string, ...rest, ...(currency === undefined ? {} : { currency }) });
    if (!requested.ok) throw problemFromDomain(requested.error);
    const view = requested.value;
    ctx.set('Location', `/wallet/top-ups/${view.topUpId}`);
    if (view.status === 'failed') {
      throw new HttpProblem(502, 'payments.gateway_rejected', 'Bad Gateway', 'the payment gateway refused to create the payment', { topUpId: view.topUpId });
    }
    ctx.status = view.paymentAction ? 201 : 202;
    ctx.body = topUpBody(view);
  });

  router.get('/wallet/top-ups/:topUpId', shopper, async (ctx) => {
    const topUpId = topUpIdParam.safeParse(ctx.params['topUpId']);
    if (!topUpId.success) throw problemFromZod(topUpId.error, 'params');
    const found = await deps.topUps.getTopUp(ctx.state['customerId'] as string, topUpId.data);
    if (!found.ok) throw problemFromDomain(found.error);
    ctx.body = topUpBody(found.value);
  });

  return gatewayReturnRoutes(router, {
    path: TOP_UP_RETURN_PATH,
    returned: deps.topUps.paymentReturned,
    redirectParams: (view) => ({ topUpId: view.topUpId, status: view.status }),
    body: topUpReturnBody,
    storefrontReturnUrl: deps.storefrontReturnUrl,
  });
}

describeRoute({
  method: 'post',
  path: '/wallet/top-ups',
  summary: "Top up the shopper's wallet through a gateway; runs as its own saga",
  description: 'An Idempotency-Key makes retries safe: the same key and body get the first answer again; the same key with another body is a 422.',
  tags: ['account'],
  auth: 'shopper',
  body: requestTopUpBody,
  headers: { 'Idempotency-Key': idempotencyKeyDoc },
  responses: {
    409: { description: 'a request with this Idempotency-Key still running, or one that stopped without an answer' },
    201: { description: 'the top-up and its payment action', schema: topUpView, headers: { Location: 'the top-up' } },
    202: { description: 'the top-up, still waiting for its payment action', schema: topUpView, headers: { Location: 'the top-up' } },
    422: {
      description:
        'an invalid amount, a gateway that is off, a currency the shop does not sell in (`wallet.unsupported_currency`), or one the gateway does not take (`wallet.currency_not_accepted`, naming the currencies it takes); nothing is created',
    },
    502: { description: 'the gateway refused to create the payment' },
  },
});
describeRoute({
  method: 'get',
  path: '/wallet/top-ups/:topUpId',
  summary: "One of the shopper's top-ups",
  tags: ['account'],
  auth: 'shopper',
  params: { topUpId: topUpIdParam },
  responses: { 200: { description: 'the top-up', schema: topUpView }, 404: { description: "no such top-up, or another shopper's" } },
});
for (const method of ['get', 'post'] as const) {
  describeRoute({
    method,
    path: TOP_UP_RETURN_PATH,
    summary: `Where the gateway ${method === 'get' ? 'sends' : 'posts'} the shopper's browser back after paying a top-up`,
    tags: ['payments'],
    auth: 'none',
    params: { gateway: gatewayParam },
    query: returnFields,
    ...(method === 'post' ? { body: returnFields, bodyContentType: 'application/x-www-form-urlencoded' } : {}),
    responses: {
      200: { description: 'the verified outcome: the top-up as it is now', schema: topUpView },
      303: {
        description: 'with a storefront, to a browser that asks for HTML: to the storefront, with `topUpId` and `status`',
        headers: { Location: 'the storefront' },
        contentType: 'none',
      },
      404: { description: 'no payment known for these fields' },
    },
  });
}
