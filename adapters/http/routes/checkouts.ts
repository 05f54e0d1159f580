import { createHash } from 'node:crypto';
import Router from '@koa/router';
import { z } from 'zod';
import type { Storefront, CheckoutView } from '../../../src/checkout/application/storefront.js';
import { GATEWAY_IDS } from '../../../src/payments/api.js';
import { MAX_QUANTITY_PER_LINE } from '../../../src/checkout/domain/pricing.js';
import { DELIVERY_OPTIONS } from '../../../src/checkout/domain/quote.js';
import { MANUAL_METHODS } from '../../../src/checkout/domain/saga.js';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { idempotent, type IdempotencyScope } from '../idempotency.js';
import type { MikroOrmIdempotencyKeys } from '../../persistence/mikro-orm-idempotency-keys.js';
import { HttpProblem, problemFromDomain, problemFromZod } from '../problem.js';
import { describeRoute } from '../openapi.js';

/** An ISO 4217 code as requests give it: three capitals (whether the shop sells in it is the use case's to say). */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals');

export const startCheckoutBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        sku: z.string().trim().min(1).max(64),
        quantity: z.number().int().min(1).max(MAX_QUANTITY_PER_LINE),
      }),
    )
    .min(1, 'at least one item is required')
    .max(100),
  gateway: z.enum([...GATEWAY_IDS, 'wallet', ...MANUAL_METHODS]),
  /** The currency to price the cart in; default the shop's first. */
  currency: currencyCode.optional(),
  delivery: z.enum(DELIVERY_OPTIONS).optional(),
  pointsToRedeem: z.number().int().min(0).max(10_000_000).optional(),
  walletAmountMinor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  customer: z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      email: z.email().max(254).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9]{7,15}$/, 'must be 7 to 15 digits')
        .optional(),
    })
    .optional(),
});

export const orderIdParam = z.string().regex(/^ord_[0-9A-Za-z]{20,40}$/, 'not an order id');

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The order id of a checkout started under an Idempotency-Key: the same for every run of that request. */
export function orderIdForKey(caller: string, key: string): string {
  const digest = createHash('sha256').update(`checkout\n${caller}\n${key}`).digest();
  let id = 'ord_';
  for (let i = 0; i < 24; i += 1) id += BASE62[digest[i]! % 62];
  return id;
}

export function checkoutBody(view: CheckoutView) {
  return {
    ...view,
    redirectUrl: view.paymentAction?.type === 'redirect' ? view.paymentAction.url : undefined,
    links: { self: `/checkouts/${view.orderId}` },
  };
}

export function checkoutRoutes(deps: { storefront: Storefront; auth: Authenticator; idempotencyKeys?: MikroOrmIdempotencyKeys }): Router {
  const router = new Router();
  const shopper = deps.auth.requireShopper();

  // A checkout started under a key has an id derived from it, so a repeat that takes over the key
  // of a request that crashed finds the checkout that one started (Temporal refuses a second
  // checkout-<orderId>) instead of starting a second order.
  const once = deps.idempotencyKeys
    ? idempotent(deps.idempotencyKeys, (ctx) => `shopper:${ctx.state['customerId'] as string}`, { onExpiredLease: 'take_over' })
    : (_: unknown, next: () => Promise<void>) => next();
  router.post('/checkouts', shopper, once, async (ctx) => {
    const body = startCheckoutBody.safeParse(await readJsonBody(ctx));
    if (!body.success) throw problemFromZod(body.error);
    const { items, gateway, currency, customer, delivery, pointsToRedeem, walletAmountMinor } = body.data;
    const scope = ctx.state['idempotency'] as IdempotencyScope | undefined;
    const started = await deps.storefront.startCheckout({
      customerId: ctx.state['customerId'] as string,
      ...(scope === undefined ? {} : { orderId: orderIdForKey(scope.caller, scope.key) }),
      items,
      gateway,
      ...(currency === undefined ? {} : { currency }),
      ...(delivery === undefined ? {} : { delivery }),
      ...(pointsToRedeem === undefined ? {} : { pointsToRedeem }),
      ...(walletAmountMinor === undefined ? {} : { walletAmountMinor }),
      ...(customer === undefined ? {} : { customer: Object.fromEntries(Object.entries(customer).filter(([, v]) => v !== undefined)) }),
    });
    if (!started.ok) throw problemFromDomain(started.error);
    const view = started.value;
    ctx.set('Location', `/checkouts/${view.orderId}`);
    if (view.checkoutStatus === 'cancelled') {
      throw new HttpProblem(502, 'payments.gateway_rejected', 'Bad Gateway', 'the payment gateway refused to create the payment', {
        orderId: view.orderId,
      });
    }
    ctx.status = view.paymentAction || view.checkoutStatus === 'confirmed' ? 201 : 202;
    ctx.body = checkoutBody(view);
  });

  router.get('/checkouts/:orderId', shopper, async (ctx) => {
    const orderId = orderIdParam.safeParse(ctx.params['orderId']);
    if (!orderId.success) throw problemFromZod(orderId.error, 'params');
    const found = await deps.storefront.getCheckout(ctx.state['customerId'] as string, orderId.data);
    if (!found.ok) throw problemFromDomain(found.error);
    ctx.body = checkoutBody(found.value);
  });

  return router;
}

export const idempotencyKeyHeader = z.string().regex(/^[A-Za-z0-9_.:-]{8,200}$/);
/** The Idempotency-Key header as the OpenAPI document describes it. */
export const idempotencyKeyDoc = { schema: idempotencyKeyHeader, description: 'makes a retry return the first answer' };

describeRoute({
  method: 'post',
  path: '/checkouts',
  summary: 'Start a checkout: prices the cart from the catalog and answers with the payment action',
  description: 'An Idempotency-Key makes retries safe: the same key and body get the first answer again; the same key with another body is a 422.',
  tags: ['checkouts'],
  auth: 'shopper',
  body: startCheckoutBody,
  headers: { 'Idempotency-Key': idempotencyKeyDoc },
  responses: {
    201: { description: 'the checkout, its quote and its payment action (redirect, form_post or instructions)', headers: { Location: 'the checkout' } },
    202: { description: 'the checkout, still waiting for its payment action', headers: { Location: 'the checkout' } },
    409: { description: 'not enough stock, or a request with this Idempotency-Key still running' },
    422: {
      description:
        'an unknown SKU, a product not sold in the currency, a currency the shop does not sell in, one the gateway does not take (`checkout.currency_not_accepted`, naming the currencies it takes; nothing is created), an invalid split, a gateway that is off, or an Idempotency-Key reused with another body',
    },
    502: { description: 'the gateway refused to create the payment; the order is cancelled' },
  },
});

describeRoute({
  method: 'get',
  path: '/checkouts/:orderId',
  summary: "The shopper's checkout and its saga's state",
  description:
    "The saga's live state while it runs; once Temporal no longer keeps a closed saga, its final state as the database recorded it (status, cancel reason, transaction id, wallet credit, points). An open order whose saga is gone shows as `needs_attention` with the code `checkout.saga_missing`.",
  tags: ['checkouts'],
  auth: 'shopper',
  params: { orderId: orderIdParam },
  responses: { 200: { description: 'the checkout' }, 404: { description: "no such checkout, or another shopper's" } },
});
