import Router from '@koa/router';
import { z } from 'zod';
import { DEFAULT_LOW_STOCK_THRESHOLD, MAX_UNITS, SKU_PATTERN, type CatalogAdmin, type CatalogError, type ProductView } from '../../../src/catalog/api.js';
import type { Result } from '../../../src/shared/result.js';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { idempotent } from '../idempotency.js';
import { HttpProblem, problemFromDomain } from '../problem.js';
import type { MikroOrmIdempotencyKeys } from '../../persistence/mikro-orm-idempotency-keys.js';
import { describeOperatorRoute, operatorKit, reason } from './admin-kit.js';
import { currencyCode, idempotencyKeyDoc } from './checkouts.js';

export const skuParam = z.string().regex(SKU_PATTERN, 'not a SKU');
export const currencyParam = currencyCode;
const priceMinor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const threshold = z.number().int().min(0).max(MAX_UNITS);

export const createProductBody = z.strictObject({
  sku: skuParam,
  name: z.string().trim().min(1).max(200),
  /** Minor units by currency, e.g. `{ "NPR": 45000, "USD": 350 }`. */
  prices: z.record(currencyParam, priceMinor).refine((prices) => Object.keys(prices).length > 0, 'at least one price'),
  initialStock: z.number().int().min(0).max(MAX_UNITS),
  lowStockThreshold: threshold.optional(),
  reason,
});
export const updateProductBody = z
  .strictObject({ name: z.string().trim().min(1).max(200).optional(), lowStockThreshold: threshold.optional(), reason })
  .refine((body) => body.name !== undefined || body.lowStockThreshold !== undefined, 'name or lowStockThreshold is needed');
export const setPriceBody = z.strictObject({ amountMinor: priceMinor, reason });
export const removePriceBody = z.strictObject({ reason });
export const restockBody = z.strictObject({
  quantity: z.number().int().min(1).max(MAX_UNITS),
  reason,
  /** Makes a repeat add nothing; without it, the Idempotency-Key does. */
  restockId: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
    .optional(),
});

/** The operators' catalog: products, their price lists, their stock; every change audited with who and why. */
export function adminCatalogRoutes(deps: { auth: Authenticator; idempotencyKeys: MikroOrmIdempotencyKeys; catalog: CatalogAdmin }): Router {
  const router = new Router({ prefix: '/admin' });
  const { operator, operatorOf, once, parse } = operatorKit(deps);
  // A restock is idempotent by its id, so one whose first run stopped may run again.
  const restockOnce = idempotent(deps.idempotencyKeys, (ctx) => `operator:${operatorOf(ctx)}`, { onExpiredLease: 'take_over' });
  const skuOf = (ctx: { params: Record<string, string | undefined> }) => parse(skuParam, ctx.params['sku'], 'params');
  const answer = (result: Result<ProductView, CatalogError>): ProductView => {
    if (!result.ok) throw problemFromDomain(result.error);
    return result.value;
  };

  router.get('/products', operator, async (ctx) => {
    ctx.body = { items: await deps.catalog.listProducts() };
  });

  router.post('/products', operator, once, async (ctx) => {
    const body = parse(createProductBody, await readJsonBody(ctx));
    const product = answer(
      await deps.catalog.createProduct(
        { sku: body.sku, name: body.name, prices: body.prices, onHand: body.initialStock, lowStockThreshold: body.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD },
        { actor: operatorOf(ctx), reason: body.reason },
      ),
    );
    ctx.status = 201;
    ctx.set('Location', `/admin/products/${product.sku}`);
    ctx.body = product;
  });

  router.patch('/products/:sku', operator, once, async (ctx) => {
    const sku = skuOf(ctx);
    const body = parse(updateProductBody, await readJsonBody(ctx));
    const changes = { ...(body.name === undefined ? {} : { name: body.name }), ...(body.lowStockThreshold === undefined ? {} : { lowStockThreshold: body.lowStockThreshold }) };
    ctx.body = answer(await deps.catalog.updateProduct(sku, changes, { actor: operatorOf(ctx), reason: body.reason }));
  });

  router.put('/products/:sku/prices/:currency', operator, once, async (ctx) => {
    const sku = skuOf(ctx);
    const currency = parse(currencyParam, ctx.params['currency'], 'params');
    const body = parse(setPriceBody, await readJsonBody(ctx));
    ctx.body = answer(await deps.catalog.setPrice(sku, currency, body.amountMinor, { actor: operatorOf(ctx), reason: body.reason }));
  });

  router.delete('/products/:sku/prices/:currency', operator, once, async (ctx) => {
    const sku = skuOf(ctx);
    const currency = parse(currencyParam, ctx.params['currency'], 'params');
    const body = parse(removePriceBody, await readJsonBody(ctx));
    ctx.body = answer(await deps.catalog.removePrice(sku, currency, { actor: operatorOf(ctx), reason: body.reason }));
  });

  router.post('/products/:sku/restock', operator, restockOnce, async (ctx) => {
    const sku = skuOf(ctx);
    const body = parse(restockBody, await readJsonBody(ctx));
    const key = ctx.get('idempotency-key');
    if (body.restockId === undefined && key === '') {
      throw new HttpProblem(400, 'request.restock_id_required', 'Bad Request', 'a restock needs a restockId in the body or an Idempotency-Key header, so a retry adds nothing');
    }
    const restockId = body.restockId ?? `key:${operatorOf(ctx)}:${key}`;
    ctx.body = answer(await deps.catalog.restock({ sku, quantity: body.quantity, restockId, actor: operatorOf(ctx), reason: body.reason }));
  });

  router.get('/products/:sku/changes', operator, async (ctx) => {
    const sku = skuOf(ctx);
    ctx.body = { items: await deps.catalog.productChanges(sku) };
  });

  return router;
}

const productResponses = {
  404: { description: 'no such product (`catalog.product_not_found`)' },
  422: { description: 'an invalid value, or a currency the shop does not sell in' },
};
const audited = 'Audited in `catalog_changes` with the operator and the reason.';

describeOperatorRoute({
  method: 'get',
  path: '/admin/products',
  summary: 'Every product with its prices per currency, units on hand, reserved and available, and whether it runs low',
  responses: { 200: { description: 'the products, by SKU' } },
});
describeOperatorRoute({
  method: 'post',
  path: '/admin/products',
  summary: 'Put a product on the shelf: SKU, name, prices per currency, initial stock, low-stock threshold (default 5)',
  description: `${audited} An Idempotency-Key makes a retry answer the first response.`,
  headers: { 'Idempotency-Key': idempotencyKeyDoc },
  body: createProductBody,
  responses: {
    201: { description: 'the product', headers: { Location: 'the product' } },
    409: { description: 'a product with this SKU exists (`catalog.product_exists`)' },
    422: productResponses[422],
  },
});
type OperatorRouteDoc = Parameters<typeof describeOperatorRoute>[0];

/** An audited change to one product, which an Idempotency-Key makes safe to retry: it answers the product. */
function describeProductChange(
  doc: Pick<OperatorRouteDoc, 'method' | 'path' | 'summary'> & Required<Pick<OperatorRouteDoc, 'params' | 'body'>> & { readonly failures?: OperatorRouteDoc['responses'] },
): void {
  const { method, path, summary, params, body, failures = productResponses } = doc;
  describeOperatorRoute({
    method,
    path,
    summary,
    description: audited,
    params,
    headers: { 'Idempotency-Key': idempotencyKeyDoc },
    body,
    responses: { 200: { description: 'the product' }, ...failures },
  });
}

describeProductChange({
  method: 'patch',
  path: '/admin/products/:sku',
  summary: 'Rename a product or change its low-stock threshold',
  params: { sku: skuParam },
  body: updateProductBody,
});
describeProductChange({
  method: 'put',
  path: '/admin/products/:sku/prices/:currency',
  summary: "Set a product's price in one currency (it is then sold in it)",
  params: { sku: skuParam, currency: currencyParam },
  body: setPriceBody,
});
describeProductChange({
  method: 'delete',
  path: '/admin/products/:sku/prices/:currency',
  summary: "Remove a product's price in one currency: it is no longer sold in it",
  params: { sku: skuParam, currency: currencyParam },
  body: removePriceBody,
  failures: { 404: { description: 'no such product, or no price in that currency (`catalog.price_not_found`)' } },
});
describeOperatorRoute({
  method: 'post',
  path: '/admin/products/:sku/restock',
  summary: 'Add units on hand, once per restock id (or Idempotency-Key)',
  description: `${audited} Safe beside checkouts reserving the same product: on hand only grows, never below what is reserved. The same restockId with another quantity or SKU is a 422.`,
  params: { sku: skuParam },
  headers: { 'Idempotency-Key': idempotencyKeyDoc },
  body: restockBody,
  responses: {
    200: { description: 'the product after the restock (a repeat answers it as it is)' },
    400: { description: 'neither a restockId nor an Idempotency-Key' },
    404: productResponses[404],
    422: { description: 'a quantity that is not a whole number from 1 to 1000000, or a restockId reused for another restock' },
  },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/products/:sku/changes',
  summary: "A product's audit trail: who changed what, when and why, oldest first",
  params: { sku: skuParam },
  responses: { 200: { description: 'the changes' } },
});
