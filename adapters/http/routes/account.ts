import Router from '@koa/router';
import { z } from 'zod';
import type { Storefront } from '../../../src/checkout/application/storefront.js';
import type { StorefrontQueries } from '../../../src/checkout/ports/storefront-queries.js';
import { DELIVERY_OPTIONS } from '../../../src/checkout/domain/quote.js';
import { chooseCurrency } from '../../../src/checkout/domain/currency.js';
import { MAX_QUANTITY_PER_LINE } from '../../../src/checkout/domain/pricing.js';
import { tierFor, type TierThresholds } from '../../../src/loyalty/domain/points.js';
import type { CheckoutStore } from '../../../src/checkout/ports/checkout-store.js';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { problemFromDomain, problemFromZod } from '../problem.js';
import { paged } from '../paging.js';
import { checkoutBody, currencyCode, orderIdParam } from './checkouts.js';
import { describeRoute } from '../openapi.js';
import { catalogView, checkoutView, loyaltyEntryView, loyaltyView, orderSummaryView, pageOf, quoteView, walletEntryView, walletView } from './views.js';

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(1000).optional(),
});

export const currencyQuery = z.strictObject({ currency: currencyCode.optional() });
export const walletPageQuery = pageQuery.extend({ currency: currencyCode.optional() });

export const quoteBody = z.strictObject({
  items: z
    .array(z.strictObject({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().min(1).max(MAX_QUANTITY_PER_LINE) }))
    .min(1)
    .max(100),
  delivery: z.enum(DELIVERY_OPTIONS).optional(),
  pointsToRedeem: z.number().int().min(0).max(10_000_000).optional(),
  currency: currencyCode.optional(),
});

/** A customer's points and tier standing, as `GET /loyalty` answers them. */
export async function loyaltyStanding(store: CheckoutStore, customerId: string, tiers: TierThresholds) {
  const [points, lifetime] = await store.read((repos) => Promise.all([repos.loyalty.balance(customerId), repos.loyalty.lifetime(customerId)]));
  return { points, ...tierFor(lifetime, tiers) };
}

/** The shopper's own things: catalog, quotes, wallet, loyalty, orders. Nobody else's. */
export function accountRoutes(deps: {
  auth: Authenticator;
  storefront: Storefront;
  queries: StorefrontQueries;
  store: CheckoutStore;
  /** The currencies the shop sells in; the first is the default of a request that names none. */
  currencies: readonly string[];
  tiers: TierThresholds;
}): Router {
  const router = new Router();
  const shopper = deps.auth.requireShopper();
  const customerOf = (ctx: { state: Record<string, unknown> }) => ctx.state['customerId'] as string;
  const parseQuery = <T>(schema: z.ZodType<T>, ctx: { query: unknown }): T => {
    const parsed = schema.safeParse(ctx.query);
    if (!parsed.success) throw problemFromZod(parsed.error, 'query');
    return parsed.data;
  };
  const query = (ctx: { query: unknown }) => parseQuery(pageQuery, ctx);
  /** The currency asked for, or the shop's first; one the shop does not sell in is a 422 named `code`. */
  const currencyOf = <C extends string>(requested: string | undefined, code: C): string => {
    const chosen = chooseCurrency(requested, deps.currencies, code);
    if (!chosen.ok) throw problemFromDomain(chosen.error);
    return chosen.value;
  };

  for (const path of ['/catalog', '/products']) {
    router.get(path, async (ctx) => {
      const currency = currencyOf(parseQuery(currencyQuery, ctx).currency, 'checkout.unsupported_currency');
      ctx.body = { currency, currencies: deps.currencies, items: await deps.queries.catalog(currency) };
    });
  }

  router.post('/quotes', shopper, async (ctx) => {
    const body = quoteBody.safeParse(await readJsonBody(ctx));
    if (!body.success) throw problemFromZod(body.error);
    const quoted = await deps.storefront.quote({
      customerId: customerOf(ctx),
      items: body.data.items,
      ...(body.data.delivery === undefined ? {} : { delivery: body.data.delivery }),
      ...(body.data.pointsToRedeem === undefined ? {} : { pointsToRedeem: body.data.pointsToRedeem }),
      ...(body.data.currency === undefined ? {} : { currency: body.data.currency }),
    });
    if (!quoted.ok) throw problemFromDomain(quoted.error);
    ctx.body = quoted.value;
  });

  // A wallet holds one balance per currency: each route answers one of them.
  router.get('/wallet', shopper, async (ctx) => {
    const currency = currencyOf(parseQuery(currencyQuery, ctx).currency, 'wallet.unsupported_currency');
    ctx.body = { balance: await deps.store.read((repos) => repos.wallet.balance(customerOf(ctx), currency)) };
  });

  router.get('/wallet/entries', shopper, async (ctx) => {
    const { limit, cursor, currency: requested } = parseQuery(walletPageQuery, ctx);
    const currency = currencyOf(requested, 'wallet.unsupported_currency');
    ctx.body = await paged(() => deps.queries.walletEntries(customerOf(ctx), currency, limit, cursor));
  });

  router.get('/loyalty', shopper, async (ctx) => {
    ctx.body = await loyaltyStanding(deps.store, customerOf(ctx), deps.tiers);
  });

  router.get('/loyalty/history', shopper, async (ctx) => {
    const { limit, cursor } = query(ctx);
    ctx.body = await paged(() => deps.queries.loyaltyHistory(customerOf(ctx), limit, cursor));
  });

  router.get('/orders', shopper, async (ctx) => {
    const { limit, cursor } = query(ctx);
    ctx.body = await paged(() => deps.queries.orders(customerOf(ctx), limit, cursor));
  });

  router.get('/orders/:orderId', shopper, async (ctx) => {
    const orderId = orderIdParam.safeParse(ctx.params['orderId']);
    if (!orderId.success) throw problemFromZod(orderId.error, 'params');
    const found = await deps.storefront.getCheckout(customerOf(ctx), orderId.data);
    if (!found.ok) throw problemFromDomain(found.error);
    ctx.body = checkoutBody(found.value);
  });

  return router;
}

for (const path of ['/catalog', '/products']) {
  describeRoute({
    method: 'get',
    path,
    summary: 'The catalog in one currency, with prices and stock',
    description: "Prices in `currency` (default the shop's first); a product without a price in it is not sold in it and is left out.",
    tags: ['storefront'],
    auth: 'none',
    query: currencyQuery,
    responses: {
      200: { description: 'the currency and the products sold in it', schema: catalogView },
      422: { description: 'a currency the shop does not sell in (`checkout.unsupported_currency`)' },
    },
  });
}
describeRoute({
  method: 'post',
  path: '/quotes',
  summary: 'Price a cart without ordering it: subtotal, charges (tax, delivery, points) and amount',
  tags: ['storefront'],
  auth: 'shopper',
  body: quoteBody,
  responses: {
    200: { description: 'the quote', schema: quoteView },
    422: { description: 'an unknown SKU, a product not sold in the currency, a currency the shop does not sell in, or points the shopper cannot redeem' },
  },
});
describeRoute({
  method: 'get',
  path: '/wallet',
  summary: "The shopper's wallet balance in one currency",
  tags: ['account'],
  auth: 'shopper',
  query: currencyQuery,
  responses: { 200: { description: 'the balance', schema: walletView }, 422: { description: 'a currency the shop does not sell in (`wallet.unsupported_currency`)' } },
});
describeRoute({
  method: 'get',
  path: '/wallet/entries',
  summary: "The wallet's entries in one currency (default the shop's first), newest first, in keyset pages",
  tags: ['account'],
  auth: 'shopper',
  query: walletPageQuery,
  responses: {
    200: { description: 'a page: `items` and the `nextCursor`, if any', schema: pageOf(walletEntryView) },
    422: { description: 'a currency the shop does not sell in' },
  },
});
for (const [path, summary, schema] of [
  ['/loyalty/history', 'Points earned and redeemed, newest first, in keyset pages', pageOf(loyaltyEntryView)],
  ['/orders', "The shopper's orders, newest first, in keyset pages", pageOf(orderSummaryView)],
] as const) {
  describeRoute({
    method: 'get',
    path,
    summary,
    tags: ['account'],
    auth: 'shopper',
    query: pageQuery,
    responses: { 200: { description: 'a page: `items` and the `nextCursor`, if any', schema } },
  });
}
describeRoute({
  method: 'get',
  path: '/loyalty',
  summary: "The shopper's points and loyalty tier",
  tags: ['account'],
  auth: 'shopper',
  responses: { 200: { description: 'points and tier', schema: loyaltyView } },
});
describeRoute({
  method: 'get',
  path: '/orders/:orderId',
  summary: "One of the shopper's orders",
  description: 'The same view as `GET /checkouts/{orderId}`: from the saga while it runs, from the database once Temporal no longer keeps it.',
  tags: ['account'],
  auth: 'shopper',
  params: { orderId: orderIdParam },
  responses: { 200: { description: 'the order', schema: checkoutView }, 404: { description: "no such order, or another shopper's" } },
});
