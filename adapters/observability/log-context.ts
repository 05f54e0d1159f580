import type Koa from 'koa';
import { workflowIds } from '../../temporal.config.js';

const CHECKOUT_WORKFLOW = /^checkout-(ord_[A-Za-z0-9]{1,60})$/;

/** The ids a log line about a checkout carries: its order and its saga's workflow id. */
export function checkoutIds(workflowId: string): { orderId: string; workflowId: string } | { workflowId: string } {
  const match = CHECKOUT_WORKFLOW.exec(workflowId);
  return match === null ? { workflowId } : { orderId: match[1]!, workflowId };
}

/**
 * The checkout a request is about, for its log line: the route's `:orderId`, or the order id in
 * the answer (a checkout just started, a browser return). Nothing when it is about no checkout.
 */
export function requestCheckoutIds(ctx: Koa.Context): { orderId?: string; workflowId?: string } {
  const fromParams = (ctx as { params?: Record<string, unknown> }).params?.['orderId'];
  const body: unknown = ctx.body;
  const fromBody = body !== null && typeof body === 'object' && !Buffer.isBuffer(body) ? (body as Record<string, unknown>)['orderId'] : undefined;
  const orderId = typeof fromParams === 'string' ? fromParams : typeof fromBody === 'string' ? fromBody : undefined;
  return orderId === undefined || !/^ord_[A-Za-z0-9]{1,60}$/.test(orderId) ? {} : { orderId, workflowId: workflowIds.checkout(orderId) };
}
