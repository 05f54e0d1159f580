/** Facts a workflow or API test reads back from the harness database. */
import { expect } from 'vitest';
import { paymentCallbackSignal } from '../../workflows/checkout/messages.js';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import { type CheckoutHarness, stateOf } from './checkout-harness.js';

type Database = Pick<CheckoutHarness, 'sql'>;

/** How many rows of `table` match `where`. */
export const countRows = async (h: Database, table: string, where: string, params: unknown[]): Promise<number> =>
  Number((await h.sql<{ n: string }>(`select count(*)::text as n from ${table} where ${where}`, params))[0]!.n);

/** The sum of the shopper's wallet entries, in minor units (0 with none). */
export const walletBalanceOf = async (h: Database, customerId: string): Promise<number> =>
  Number((await h.sql<{ total: string | null }>('select sum(amount_minor)::text as total from wallet_entries where customer_id = ?', [customerId]))[0]!.total ?? 0);

export const onHandOf = async (h: Database, sku: string): Promise<number> =>
  Number((await h.sql<{ on_hand: number }>('select on_hand from products where sku = ?', [sku]))[0]!.on_hand);

export const orderRowOf = async (h: Database, orderId: string): Promise<{ status: string; cancel_reason: string | null } | undefined> =>
  (await h.sql<{ status: string; cancel_reason: string | null }>('select status, cancel_reason from orders where id = ?', [orderId]))[0];

/** Starts the order's Khalti checkout, pays it and waits for it to confirm; the gateway's payment id. */
export async function payKhaltiCheckout(h: CheckoutHarness, order: CheckoutOrder): Promise<string> {
  const handle = await h.startSaga(order);
  const state = await stateOf(handle);
  await h.pay(state.gatewayPaymentId!);
  await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: state.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
  expect((await handle.result()).status).toBe('confirmed');
  return state.gatewayPaymentId!;
}

/** A Khalti checkout of `quantity` teas, paid and confirmed; with the gateway's payment id. */
export async function paidKhaltiOrder(h: CheckoutHarness, customerId: string, quantity: number): Promise<CheckoutOrder & { readonly pidx: string }> {
  const order = h.order([{ sku: 'TEA', quantity }], customerId);
  return { ...order, pidx: await payKhaltiCheckout(h, order) };
}
