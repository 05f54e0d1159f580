import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STRIPE_TEST_CARDS } from '../../adapters/gateways/stripe/sandbox.js';
import type { GatewayId } from '../../src/payments/api.js';
import { checkoutTimeouts } from '../../temporal.config.js';
import type { CheckoutState } from '../../workflows/checkout/messages.js';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../harness/checkout-harness.js';
import { browserReturns, ledger, shopper, startCheckout, until, type StartedCheckout } from './gateways/drivers.js';
import { settledWithinAnHour } from '../support/polling.js';

/**
 * Shoppers who take their time. Each gateway answers something that only means "not paid yet"
 * while the shopper is still deciding (eSewa `NOT_FOUND` before its form is posted, Khalti
 * `Initiated`, an open Stripe session, a PayPal order not approved, a Razorpay order with no
 * attempt, an iKhokha paylink not paid): the saga keeps waiting through its syncs, confirms a
 * late payment made inside the window, and gives up only after the link's expiry plus grace,
 * with nothing taken.
 */

const MINUTE = 60_000;
const GATEWAYS: readonly GatewayId[] = ['khalti', 'esewa', 'ikhokha', 'stripe', 'paypal', 'razorpay'];
// PayPal takes no NPR; iKhokha takes only ZAR.
const CURRENCY: Readonly<Record<GatewayId, string>> = { khalti: 'NPR', esewa: 'NPR', ikhokha: 'ZAR', stripe: 'NPR', paypal: 'USD', razorpay: 'NPR' };

let h: GatewayHarness;

afterEach(async () => {
  await h?.sandboxes.ikhokha.webhooksSettled();
  await h?.close();
});

/** Lets the test server's clock run `ms` while the saga syncs, then waits for the syncs it fired to finish. */
async function shopperWaits(checkout: StartedCheckout, ms: number, syncsBy: number): Promise<CheckoutState> {
  await h.env.sleep(ms);
  return until(checkout.handle, (s) => s.gatewaySyncs >= syncsBy || s.status !== 'awaiting_payment', `${syncsBy} syncs`);
}

/**
 * Runs the test server's clock to `at`, then waits for the work due by then. (Awaiting the
 * workflow's result would skip time too, but past a parked saga straight to its execution
 * timeout.)
 */
async function clockReaches(handle: WorkflowHandle, at: number): Promise<CheckoutState> {
  const now = await h.env.currentTimeMs();
  if (at > now) await h.env.sleep(at - now);
  return stateOf(handle);
}

const SETTLED = ['confirmed', 'cancelled', 'needs_attention'];

/** The saga once it has ended or parked, the clock running on in minutes meanwhile. */
const settled = (handle: WorkflowHandle): Promise<CheckoutState> =>
  settledWithinAnHour(h.env, () => until(handle, (s) => SETTLED.includes(s.status) || s.status === 'awaiting_payment', 'a resting state'), SETTLED, 'saga');

/**
 * A shopper who never pays: the saga still waits a second before the grace after the link's
 * expiry ends, and settles once it has.
 */
async function neverPaid(checkout: StartedCheckout): Promise<{ beforeGraceEnd: CheckoutState; final: CheckoutState }> {
  const graceEnd = Date.parse((await stateOf(checkout.handle)).expiresAt!) + checkoutTimeouts.expiryGraceMs;
  const beforeGraceEnd = await clockReaches(checkout.handle, graceEnd - 1_000);
  return { beforeGraceEnd, final: await settled(checkout.handle) };
}

/** The shopper never pays: the order waits until the grace is over, then expires with nothing verified and its tea back on the shelf. */
async function expiresAfterTheGraceWithNothingTaken(checkout: StartedCheckout, db: ReturnType<typeof ledger>): Promise<void> {
  const { beforeGraceEnd, final } = await neverPaid(checkout);

  expect(beforeGraceEnd.status).toBe('awaiting_payment');
  expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
  expect(await db.verifications(checkout.orderId)).toBe(0);
  expect(await db.onHand('TEA')).toBe(10);
}

/** Whether the gateway's own books show money taken for this payment. */
function gatewayTookMoney(gateway: GatewayId, gatewayPaymentId: string): boolean {
  switch (gateway) {
    case 'khalti':
      return h.sandbox.control.get(gatewayPaymentId)?.status === 'Completed';
    case 'esewa':
      return h.sandboxes.esewa.get(gatewayPaymentId)?.status === 'COMPLETE';
    case 'ikhokha':
      return h.sandboxes.ikhokha.get(gatewayPaymentId)?.status === 'PAID';
    case 'stripe':
      return h.sandboxes.stripe.get(gatewayPaymentId)?.payment_status === 'paid';
    case 'paypal':
      return h.sandboxes.paypal.get(gatewayPaymentId)?.status === 'COMPLETED';
    case 'razorpay':
      return (h.sandboxes.razorpay.get(gatewayPaymentId)?.amountPaid ?? 0) > 0;
    default:
      throw new Error(`no gateway check for ${gateway}`);
  }
}

describe.each(GATEWAYS)('a slow shopper on %s', (gateway) => {
  // A fresh harness per test: the test server's clock only moves forward.
  beforeEach(async () => {
    h = await createGatewayHarness({ currency: CURRENCY[gateway] });
  });

  it('given a shopper who pays two minutes after the checkout started, after two syncs, then the order is confirmed', async () => {
    const db = ledger(h);
    const customer = `cus_slow2_${gateway}`;
    const checkout = await startCheckout(h, gateway, [{ sku: 'TEA', quantity: 2 }], customer);

    const waiting = await shopperWaits(checkout, 2 * MINUTE, 2);
    expect(waiting.status).toBe('awaiting_payment');
    expect(waiting.gatewaySyncs).toBeGreaterThanOrEqual(2);

    const page = await browserReturns(await shopper(h, gateway, checkout, 'pay'));

    expect(page).toMatchObject({ status: 200, body: { orderId: checkout.orderId, checkoutStatus: 'confirmed' } });
    expect(await db.order(checkout.orderId)).toEqual({ status: 'confirmed', cancel_reason: null });
    expect(await db.verifications(checkout.orderId)).toBe(1);
    expect(await db.onHand('TEA')).toBe(8);
    expect(gatewayTookMoney(gateway, checkout.gatewayPaymentId)).toBe(true);
  });

  it('given a shopper who pays twenty minutes in and never comes back, then a later sync (or webhook) finds the payment and confirms', async () => {
    const db = ledger(h);
    const checkout = await startCheckout(h, gateway, [{ sku: 'TEA', quantity: 1 }], `cus_slow20_${gateway}`);

    // Syncs at 0:30, 1:30, 3:30, 7:30, 12:30 and 17:30 all found nothing paid yet.
    const waiting = await shopperWaits(checkout, 20 * MINUTE, 6);
    expect(waiting.status).toBe('awaiting_payment');
    expect(waiting.gatewaySyncs).toBeGreaterThanOrEqual(6);

    await shopper(h, gateway, checkout, 'pay'); // the browser never makes it back
    const final = await settled(checkout.handle);

    expect(final.status).toBe('confirmed');
    expect(await db.order(checkout.orderId)).toEqual({ status: 'confirmed', cancel_reason: null });
    expect(await db.verifications(checkout.orderId)).toBe(1);
    expect(await db.onHand('TEA')).toBe(9);
  });

  it('given a shopper who never pays, then after the link expiry plus grace the order is cancelled payment_expired and nothing is taken', async () => {
    const db = ledger(h);
    const customer = `cus_never_${gateway}`;
    const checkout = await startCheckout(h, gateway, [{ sku: 'TEA', quantity: 2 }], customer);

    const { beforeGraceEnd, final } = await neverPaid(checkout);

    // Not a moment before the grace after the link's expiry has passed.
    expect(beforeGraceEnd.status).toBe('awaiting_payment');
    expect(beforeGraceEnd.gatewaySyncs).toBeGreaterThan(2);
    expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
    expect(await db.order(checkout.orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_expired' });
    expect(await db.verifications(checkout.orderId)).toBe(0);
    expect(await db.onHand('TEA')).toBe(10);
    expect(await db.points(customer)).toBe(0);
    expect(gatewayTookMoney(gateway, checkout.gatewayPaymentId)).toBe(false);
    // The longest wait a gateway allows (Stripe: 24 h), synced all along, stays far below the
    // engine's 50,000-event limit; nothing else an outsider sends grows it (`sagaLimits`).
    const events = (await checkout.handle.fetchHistory()).events?.length ?? 0;
    expect(events).toBeLessThan(5_000);
  });
});

describe('what a gateway answers after the grace decides the ending', () => {
  beforeEach(async () => {
    h = await createGatewayHarness();
  });

  it('given an eSewa shopper who opens the form and leaves, when eSewa ends the session (NOT_FOUND), then the order expires only after the grace, nothing taken', async () => {
    const db = ledger(h);
    const checkout = await startCheckout(h, 'esewa', [{ sku: 'TEA', quantity: 1 }], 'cus_esewa_left');
    if (checkout.action.type !== 'form_post') throw new Error('eSewa expects a form post');
    const posted = await fetch(checkout.action.url, { method: 'POST', redirect: 'manual', body: new URLSearchParams(checkout.action.fields) });
    expect(posted.status).toBe(303);
    expect(h.sandboxes.esewa.get(checkout.gatewayPaymentId)?.status).toBe('PENDING');
    h.sandboxes.esewa.expire(checkout.gatewayPaymentId);

    await expiresAfterTheGraceWithNothingTaken(checkout, db);
  });

  it('given a Stripe shopper whose card is declined and who gives up, then the open session expires the order only after the grace, nothing taken', async () => {
    const db = ledger(h);
    const checkout = await startCheckout(h, 'stripe', [{ sku: 'TEA', quantity: 1 }], 'cus_stripe_declined');
    if (checkout.action.type !== 'redirect') throw new Error('Stripe expects a redirect');
    const declined = await fetch(`${checkout.action.url}/confirm`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ card_number: STRIPE_TEST_CARDS.declined }) });
    expect(declined.status).toBe(402);
    expect(h.sandboxes.stripe.get(checkout.gatewayPaymentId)).toMatchObject({ status: 'open', payment_intent: { status: 'requires_payment_method' } });

    await expiresAfterTheGraceWithNothingTaken(checkout, db);
  });

  it('given Khalti still reports the payment Pending after the grace (money may be on its way), then the saga parks for an operator instead of expiring', async () => {
    const db = ledger(h);
    const checkout = await startCheckout(h, 'khalti', [{ sku: 'TEA', quantity: 1 }], 'cus_khalti_pending');
    h.sandbox.control.setStatus(checkout.gatewayPaymentId, 'Pending');

    const { beforeGraceEnd, final } = await neverPaid(checkout);

    expect(beforeGraceEnd.status).toBe('awaiting_payment');
    expect(final.status).toBe('needs_attention');
    expect(final.attention).toMatchObject({ code: 'payments.unresolved_after_expiry' });
    expect(await db.order(checkout.orderId)).toMatchObject({ status: 'pending_payment' });
  });
});
