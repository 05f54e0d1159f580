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
import { definedFields } from '../../../src/shared/defined.js';
import { checkoutView } from './views.js';

/** An ISO 4217 code as requests give it: three capitals (whether the shop sells in it is the use case's to say). */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals');

/** Free text of an address or contact: a string of bounded length; its rules are the domain's (422). */
const detail = (max: number) => z.string().max(max);

export const deliveryAddressBody = z.strictObject({
  line1: detail(500),
  line2: detail(500).optional(),
  city: detail(500),
  region: detail(500).optional(),
  postalCode: detail(100),
  country: detail(100).describe('ISO 3166-1 alpha-2, such as NP'),
});

export const startCheckoutBody = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          sku: z.string().trim().min(1).max(64),
          quantity: z.number().int().min(1).max(MAX_QUANTITY_PER_LINE),
        }),
      )
      .min(1, 'at least one item is required')
      .max(100)
      .optional()
      .describe("what to buy; absent (or with `fromCart`), the shopper's cart"),
    fromCart: z.literal(true).optional().describe("check out the shopper's cart (`GET /cart`); an empty cart is a 422 `checkout.empty_cart`"),
    gateway: z.enum([...GATEWAY_IDS, 'wallet', ...MANUAL_METHODS]),
    /** The currency to price the cart in; default the shop's first. */
    currency: currencyCode.optional(),
    delivery: z.enum(DELIVERY_OPTIONS).optional(),
    pointsToRedeem: z.number().int().min(0).max(10_000_000).optional(),
    walletAmountMinor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    paymentMethodId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a payment method id')
      .optional()
      .describe(
        "one of the shopper's saved methods (`GET /me/payment-methods`) of this gateway (Stripe or Razorpay). Stripe charges it off-session: the answer is a redirect straight to the return page, or to the bank's authentication when it asks for it. Razorpay answers its Checkout with the saved card preselected, which the shopper confirms there (CVV / OTP). Another shopper's method is a 404 `payments.payment_method_not_found`",
      ),
    savePaymentMethod: z
      .boolean()
      .optional()
      .describe(
        "keep the method paid with on the gateway's page for next time (Stripe; Razorpay, as a card token with the shopper's consent on its page); `422 payments.saved_methods_unsupported` elsewhere",
      ),
    customer: z
      .strictObject({
        name: detail(500).optional(),
        email: detail(500).optional(),
        phone: detail(100).optional(),
      })
      .optional()
      .describe('how to reach the shopper: stored with the order and passed on to the gateway; a malformed email or phone is a 422 `checkout.invalid_contact`'),
    deliveryAddress: deliveryAddressBody
      .optional()
      .describe(
        'where to deliver; its country prices the delivery (domestic or international, from the shop country). A malformed one is a 422 `checkout.invalid_address`. `pickup` needs none. `standard` or `express` without one keep working as before, delivered at the domestic charge, unless the shop requires an address (`DELIVERY_ADDRESS_REQUIRED`: then a 422 `checkout.address_required`)',
      ),
  })
  .refine((body) => !(body.items !== undefined && body.fromCart === true), { message: 'name the items or check out the cart (`fromCart`), not both', path: ['fromCart'] });

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
    const { items, gateway, currency, customer, deliveryAddress, delivery, pointsToRedeem, walletAmountMinor, paymentMethodId, savePaymentMethod } = body.data;
    const scope = ctx.state['idempotency'] as IdempotencyScope | undefined;
    const started = await deps.storefront.startCheckout({
      customerId: ctx.state['customerId'] as string,
      ...(scope === undefined ? {} : { orderId: orderIdForKey(scope.caller, scope.key) }),
      ...(items === undefined ? {} : { items }),
      gateway,
      ...(currency === undefined ? {} : { currency }),
      ...(delivery === undefined ? {} : { delivery }),
      ...(pointsToRedeem === undefined ? {} : { pointsToRedeem }),
      ...(walletAmountMinor === undefined ? {} : { walletAmountMinor }),
      ...(customer === undefined ? {} : { customer: definedFields(customer) }),
      ...(deliveryAddress === undefined ? {} : { deliveryAddress: definedFields(deliveryAddress) }),
      ...(paymentMethodId === undefined ? {} : { paymentMethodId }),
      ...(savePaymentMethod === undefined ? {} : { savePaymentMethod }),
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
  description:
    "An Idempotency-Key makes retries safe: the same key and body get the first answer again; the same key with another body is a 422.\n\nWithout `items` (or with `fromCart: true`) the shopper's cart is checked out. The cart is emptied only when the order is confirmed, and only of the lines the checkout took, at the quantities it took them: a payment that fails, is cancelled or expires leaves the cart as it was, and lines added or changed meanwhile stay.\n\nThe contact and the delivery address are stored with the order and shown back on `GET /checkouts/{orderId}`, `GET /orders/{orderId}` and to operators. The delivery charge depends on the address's country: the shop's own country is domestic, any other international. A `standard` or `express` checkout without an address (as clients sent before addresses existed) is charged the domestic rate and stored without an address, unless the shop sets `DELIVERY_ADDRESS_REQUIRED=true`, which refuses it with 422 `checkout.address_required`.",
  tags: ['checkouts'],
  auth: 'shopper',
  body: startCheckoutBody,
  headers: { 'Idempotency-Key': idempotencyKeyDoc },
  responses: {
    201: { description: 'the checkout, its quote and its payment action (redirect, form_post or instructions)', schema: checkoutView, headers: { Location: 'the checkout' } },
    202: { description: 'the checkout, still waiting for its payment action', schema: checkoutView, headers: { Location: 'the checkout' } },
    409: { description: 'not enough stock, or a request with this Idempotency-Key still running' },
    422: {
      description:
        'an unknown SKU, an empty cart, a product not sold in the currency, a currency the shop does not sell in, one the gateway does not take (`checkout.currency_not_accepted`, naming the currencies it takes; nothing is created), an invalid contact or delivery address, a required address missing, an invalid split, a gateway that is off, or an Idempotency-Key reused with another body',
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
  responses: { 200: { description: 'the checkout', schema: checkoutView }, 404: { description: "no such checkout, or another shopper's" } },
});
