import type Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { checkoutIds, requestCheckoutIds } from '../../../adapters/observability/log-context.js';

const ORDER = 'ord_0ECKQu2sHPC1lMLaJc2Uv028';
const ctxWith = (fields: { params?: Record<string, string>; body?: unknown }) => fields as unknown as Koa.Context;

describe('the ids a log line about a checkout carries', () => {
  it("reads the order from a checkout saga's workflow id, and nothing from another saga's", () => {
    expect(checkoutIds(`checkout-${ORDER}`)).toEqual({ orderId: ORDER, workflowId: `checkout-${ORDER}` });
    expect(checkoutIds('refund-ref_123')).toEqual({ workflowId: 'refund-ref_123' });
    expect(checkoutIds('wallet-top-up-top_abc')).toEqual({ workflowId: 'wallet-top-up-top_abc' });
  });

  it("takes a request's order from the route's :orderId first, then from the answer, and only when it looks like an order id", () => {
    expect(requestCheckoutIds(ctxWith({ params: { orderId: ORDER }, body: { orderId: 'ord_other' } }))).toEqual({ orderId: ORDER, workflowId: `checkout-${ORDER}` });
    expect(requestCheckoutIds(ctxWith({ body: { orderId: ORDER, checkoutStatus: 'confirmed' } }))).toEqual({ orderId: ORDER, workflowId: `checkout-${ORDER}` });
    expect(requestCheckoutIds(ctxWith({ params: { orderId: 'not an id; drop table' } }))).toEqual({});
    expect(requestCheckoutIds(ctxWith({ body: Buffer.from('{"orderId":"ord_x"}') }))).toEqual({});
    expect(requestCheckoutIds(ctxWith({ body: 'text' }))).toEqual({});
  });
});
