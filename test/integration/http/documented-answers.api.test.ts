/**
 * The answers' schemas in the OpenAPI document (and so the typed client's types) say what the
 * routes really answer: each route's real answer is parsed with the schema documented for it.
 */
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { documentedRoutes, toOpenApiPath } from '../../../adapters/http/openapi.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

const { h, tokens } = useHarness({ shoppers: { rita: 'cus_rita_docs' }, operators: { ops: 'ops_docs' } });
const { call } = apiClient(h);

function documented(method: string, path: string, status: number): z.ZodType {
  const doc = documentedRoutes().find((route) => route.method === method && toOpenApiPath(route.path) === path);
  const schema = doc?.responses[status]?.schema;
  if (schema === undefined) throw new Error(`${method.toUpperCase()} ${path} documents no schema for ${status}`);
  return schema;
}

/** Calls the route and parses its answer with the schema documented for the status it gave. */
async function answers(method: string, template: string, actual: string, token: string, body?: unknown): Promise<unknown> {
  const response = await call(
    method.toUpperCase(),
    actual,
    token,
    body,
    method === 'post' && template === '/checkouts' ? { 'idempotency-key': `docs-checkout-${Date.now()}` } : {},
  );
  const json: unknown = await response.json();
  expect(response.status, `${method} ${actual}: ${JSON.stringify(json)}`).toBeLessThan(300);
  const parsed = documented(method, template, response.status).safeParse(json);
  expect(parsed.success ? [] : parsed.error.issues, `${method.toUpperCase()} ${actual} against its documented answer`).toEqual([]);
  return json;
}

describe('documented answers', () => {
  it('match what the storefront and the operators are answered', async () => {
    const shopper = tokens.rita;
    await answers('get', '/products', '/products', shopper);
    await answers('put', '/cart/lines/{sku}', '/cart/lines/TEA', shopper, { quantity: 2 });
    await answers('get', '/cart', '/cart', shopper);
    await answers('post', '/quotes', '/quotes', shopper, { items: [{ sku: 'TEA', quantity: 1 }] });
    const started = (await answers('post', '/checkouts', '/checkouts', shopper, { fromCart: true, gateway: 'khalti', customer: { name: 'Rita', email: 'rita@example.com' } })) as {
      orderId: string;
    };
    const orderId = started.orderId;
    await answers('get', '/checkouts/{orderId}', `/checkouts/${orderId}`, shopper);
    await answers('get', '/orders/{orderId}', `/orders/${orderId}`, shopper);
    await answers('get', '/orders', '/orders', shopper);
    await answers('get', '/wallet', '/wallet', shopper);
    await answers('get', '/wallet/entries', '/wallet/entries', shopper);
    await answers('get', '/loyalty', '/loyalty', shopper);
    await answers('get', '/loyalty/history', '/loyalty/history', shopper);
    await answers('get', '/me/payment-methods', '/me/payment-methods', shopper);

    const ops = tokens.ops;
    await answers('get', '/admin/payments', '/admin/payments', ops);
    await answers('get', '/admin/orders/{orderId}', `/admin/orders/${orderId}`, ops);
    await answers('get', '/admin/refunds', '/admin/refunds', ops);
    await answers('get', '/admin/notifications', '/admin/notifications', ops);
    await answers('get', '/admin/customers/{customerId}', '/admin/customers/cus_rita_docs', ops);
    await answers('get', '/admin/gateways', '/admin/gateways', ops);
    await answers('put', '/admin/gateways/{gateway}', '/admin/gateways/esewa', ops, { enabled: false, reason: 'schema check' });
    const switches = (await answers('get', '/admin/gateways', '/admin/gateways', ops)) as { items: { gateway: string; enabled: boolean }[] };
    expect(switches.items.find((item) => item.gateway === 'esewa')?.enabled).toBe(false);
  });
});
