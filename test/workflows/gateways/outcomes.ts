import { expect } from 'vitest';
import type { GatewayId } from '../../../src/payments/api.js';
import { stateOf, type GatewayHarness } from '../../harness/checkout-harness.js';
import type { CheckoutState } from '../../../workflows/checkout/messages.js';
import type { ledger, StartedCheckout } from './drivers.js';

type Ledger = ReturnType<typeof ledger>;

/** The order is confirmed, the stock left is `onHand` and the shopper earned `points`, after one verification. */
export async function expectConfirmedWithStockAndPoints(db: Ledger, checkout: StartedCheckout, want: { onHand: number; points: number }): Promise<void> {
  expect(await db.order(checkout.orderId)).toEqual({ status: 'confirmed', cancel_reason: null });
  expect(await db.onHand('TEA')).toBe(want.onHand);
  expect(await db.points(checkout.customerId)).toBe(want.points);
  expect(await db.verifications(checkout.orderId)).toBe(1);
}

/** The order is cancelled for `reason`: the stock is all back, no points, nothing verified. */
export async function expectCancelledAndNothingTaken(db: Ledger, checkout: StartedCheckout, reason: string): Promise<void> {
  expect(await db.order(checkout.orderId)).toEqual({ status: 'cancelled', cancel_reason: reason });
  expect(await db.onHand('TEA')).toBe(10);
  expect(await db.points(checkout.customerId)).toBe(0);
  expect(await db.verifications(checkout.orderId)).toBe(0);
}

/** The shopper has exactly one order, verified once and awarded points once, and its one TEA is taken. */
export async function expectOneVerifiedOrder(db: Ledger, checkout: StartedCheckout): Promise<void> {
  expect(await db.orders(checkout.customerId)).toBe(1);
  expect(await db.verifications(checkout.orderId)).toBe(1);
  expect(await db.count('loyalty_entries', 'customer_id = ?', [checkout.customerId])).toBe(1);
  expect(await db.onHand('TEA')).toBe(9);
}

/** The page the browser came back to shows the two-TEA order confirmed, and it is: stock taken, 90 points earned. */
export async function expectConfirmedOnReturn(db: Ledger, checkout: StartedCheckout, page: { status: number; body: Record<string, unknown> }): Promise<void> {
  expect(page).toMatchObject({ status: 200, body: { orderId: checkout.orderId, checkoutStatus: 'confirmed' } });
  await expectConfirmedWithStockAndPoints(db, checkout, { onHand: 8, points: 90 });
}

/** Starts a one-TEA saga whose scheduled syncs come only every `everyMs`, as the storefront would but with that schedule. */
export async function startCheckoutSyncingEvery(h: GatewayHarness, gateway: GatewayId, customerId: string, everyMs: number): Promise<StartedCheckout> {
  const order = h.order([{ sku: 'TEA', quantity: 1 }], customerId, gateway);
  const handle = await h.startSaga(order, { firstMs: everyMs, ceilingMs: everyMs });
  const state = await stateOf(handle);
  return { orderId: order.orderId, customerId: order.customerId, gatewayPaymentId: state.gatewayPaymentId!, action: state.paymentAction!, handle };
}

/** The saga ended confirmed with no callback and no webhook recorded (a sync alone found the payment), and one TEA is taken. */
export async function expectConfirmedBySyncAlone(db: Ledger, gateway: GatewayId, checkout: StartedCheckout, final: CheckoutState): Promise<void> {
  expect(final.status).toBe('confirmed');
  expect(final.callbacksReceived).toBe(0);
  expect(await db.events(gateway)).toEqual([]);
  expect(await db.order(checkout.orderId)).toEqual({ status: 'confirmed', cancel_reason: null });
  expect(await db.onHand('TEA')).toBe(9);
}

/** The saga ends as an expired payment: cancelled for `payment_expired`, the stock all back, no points, nothing verified. */
export async function expectExpiredAndNothingTaken(db: Ledger, checkout: StartedCheckout): Promise<void> {
  const final = await checkout.handle.result();
  expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
  await expectCancelledAndNothingTaken(db, checkout, 'payment_expired');
}
