import Router from '@koa/router';
import { z } from 'zod';
import type { ShopperCart } from '../../../src/checkout/application/cart.js';
import { MAX_CART_LINES } from '../../../src/checkout/domain/cart.js';
import { MAX_QUANTITY_PER_LINE } from '../../../src/checkout/domain/pricing.js';
import { DELIVERY_OPTIONS } from '../../../src/checkout/domain/quote.js';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { describeRoute } from '../openapi.js';
import { problemFromDomain, problemFromZod } from '../problem.js';
import { currencyCode } from './checkouts.js';
import { cartView } from './views.js';

export const skuParam = z.string().trim().min(1).max(64);
/** The same rule as a checkout's item quantity. */
export const cartLineBody = z.strictObject({ quantity: z.number().int().min(1).max(MAX_QUANTITY_PER_LINE) });
export const cartQuery = z.strictObject({
  /** The currency to price the cart in; default the shop's first. */
  currency: currencyCode.optional(),
  delivery: z.enum(DELIVERY_OPTIONS).optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
    .transform((code) => code.toUpperCase())
    .optional(),
});

/** The shopper's cart, kept in the database between visits and devices. */
export function cartRoutes(deps: { cart: ShopperCart; auth: Authenticator }): Router {
  const router = new Router();
  const shopper = deps.auth.requireShopper();
  const customerOf = (ctx: { state: Record<string, unknown> }) => ctx.state['customerId'] as string;
  const skuOf = (ctx: { params: Record<string, string | undefined> }) => {
    const sku = skuParam.safeParse(ctx.params['sku']);
    if (!sku.success) throw problemFromZod(sku.error, 'params');
    return sku.data;
  };

  router.get('/cart', shopper, async (ctx) => {
    const query = cartQuery.safeParse(ctx.query);
    if (!query.success) throw problemFromZod(query.error, 'query');
    const { currency, delivery, country } = query.data;
    ctx.body = await deps.cart.view(customerOf(ctx), {
      ...(currency === undefined ? {} : { currency }),
      ...(delivery === undefined ? {} : { delivery }),
      ...(country === undefined ? {} : { deliveryCountry: country }),
    });
  });

  router.put('/cart/lines/:sku', shopper, async (ctx) => {
    const sku = skuOf(ctx);
    const body = cartLineBody.safeParse(await readJsonBody(ctx));
    if (!body.success) throw problemFromZod(body.error);
    const changed = await deps.cart.setLine(customerOf(ctx), sku, body.data.quantity);
    if (!changed.ok) throw problemFromDomain(changed.error);
    ctx.body = changed.value;
  });

  router.delete('/cart/lines/:sku', shopper, async (ctx) => {
    ctx.body = await deps.cart.removeLine(customerOf(ctx), skuOf(ctx));
  });

  router.delete('/cart', shopper, async (ctx) => {
    ctx.body = await deps.cart.clear(customerOf(ctx));
  });

  return router;
}

const CART_ANSWER =
  'the cart: `version`, `lines` (each priced from the catalog now, or with its `problem`: `checkout.unknown_sku`, `inventory.insufficient_stock`), the `quote` a checkout of the whole cart would get, and the `problems` that stop one';

describeRoute({
  method: 'get',
  path: '/cart',
  summary: "The shopper's cart, priced live from the catalog",
  description:
    'Priced with the same rules as `POST /quotes` and `POST /checkouts`. A SKU no longer sold or short of stock is a problem on its line and on the cart, never an error: the cart keeps the line. `currency` prices it in that currency (default: the first the shop sells in; a product without a price in it is a problem on its line). `delivery` and `country` price the delivery as a checkout with that option and address would.',
  tags: ['cart'],
  auth: 'shopper',
  query: cartQuery,
  responses: { 200: { description: CART_ANSWER, schema: cartView } },
});
describeRoute({
  method: 'put',
  path: '/cart/lines/:sku',
  summary: 'Set how many of a SKU the cart holds (adds the line when new)',
  description: `A whole number from 1 to ${MAX_QUANTITY_PER_LINE}, as for a checkout; at most ${MAX_CART_LINES} different SKUs. Setting the same quantity again is harmless. Two changes of the same cart apply one after the other.`,
  tags: ['cart'],
  auth: 'shopper',
  params: { sku: skuParam },
  body: cartLineBody,
  responses: {
    200: { description: CART_ANSWER, schema: cartView },
    400: { description: 'a quantity that is not a whole number from 1 to the maximum' },
    422: { description: 'a SKU the catalog does not sell (`checkout.unknown_sku`), or a full cart (`checkout.cart_full`)' },
  },
});
describeRoute({
  method: 'delete',
  path: '/cart/lines/:sku',
  summary: 'Remove a SKU from the cart',
  description: 'Removing a SKU that is not in the cart changes nothing.',
  tags: ['cart'],
  auth: 'shopper',
  params: { sku: skuParam },
  responses: { 200: { description: CART_ANSWER, schema: cartView } },
});
describeRoute({
  method: 'delete',
  path: '/cart',
  summary: 'Empty the cart',
  tags: ['cart'],
  auth: 'shopper',
  responses: { 200: { description: CART_ANSWER, schema: cartView } },
});
