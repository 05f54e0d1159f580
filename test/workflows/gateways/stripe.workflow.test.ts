import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../../harness/checkout-harness.js';
import { browserBeforeTheWebhooks, ledger, payAndLetWebhooksConfirm, shopper, shopperComesBack, startCheckout, webhooksConfirmBeforeTheBrowser } from './drivers.js';
import { expectConfirmedBySyncAlone, expectConfirmedOnReturn, expectExpiredAndNothingTaken, expectOneVerifiedOrder } from './outcomes.js';

let h: GatewayHarness;

// A fresh harness per test: the time-skipping server's clock only moves forward.
beforeEach(async () => {
  h = await createGatewayHarness();
});

afterEach(async () => {
  await h?.close();
});

const sessionEvents = (sessionId: string) =>
  h.sandboxes.stripe.events().filter((e) => e.body.includes(sessionId) || e.type.startsWith('charge.') || e.type.startsWith('payment_intent.'));

describe('checkout saga with Stripe', () => {
  it('given a shopper who pays, when Stripe sends the browser back, then the order is confirmed with stock and points', async () => {
    const db = ledger(h);
    const { checkout, page } = await shopperComesBack(h, 'stripe', 'cus_stripe_paid', 'pay');

    await expectConfirmedOnReturn(db, checkout, page);
  });

  it('given a shopper who cancels, when Stripe expires the session, then the order is cancelled and nothing is taken', async () => {
    const db = ledger(h);
    // Stripe leaves {CHECKOUT_SESSION_ID} unfilled on cancel_url, so that return names no session
    // and is refused; going back also leaves the session open: nothing is decided by the browser.
    const { checkout, page } = await shopperComesBack(h, 'stripe', 'cus_stripe_cancel', 'cancel');
    expect(page).toMatchObject({ status: 400, body: { code: 'payments.invalid_callback' } });
    expect((await stateOf(checkout.handle)).status).toBe('awaiting_payment');
    h.sandboxes.stripe.expire(checkout.gatewayPaymentId);

    await expectExpiredAndNothingTaken(db, checkout);
  });

  it('given the webhook arrives before the browser, then the webhook alone confirms and the late return shows the same one order', async () => {
    const db = ledger(h);
    const { checkout, confirmed, page } = await webhooksConfirmBeforeTheBrowser(h, 'stripe', 'cus_stripe_early', 'confirmed by the webhook');

    expect(confirmed.callbacksReceived).toBe(1);
    expect(page.body.checkoutStatus).toBe('confirmed');
    expect((await db.events('stripe')).filter((e) => e.type === 'checkout.session.completed')).toEqual([
      expect.objectContaining({ status: 'signalled', order_id: checkout.orderId }),
    ]);
    await expectOneVerifiedOrder(db, checkout);
    expect(await db.points('cus_stripe_early')).toBe(45);
  });

  it('given the webhooks arrive after the browser, then there is still one confirmed order', async () => {
    const db = ledger(h);
    const { checkout, page } = await browserBeforeTheWebhooks(h, 'stripe', 'cus_stripe_late', () => h.sandboxes.stripe.dropNextWebhooks(3));
    expect(page.body.checkoutStatus).toBe('confirmed');
    const late = await Promise.all(sessionEvents(checkout.gatewayPaymentId).map((e) => h.sandboxes.stripe.replayWebhook(e.id)));

    expect(late.length).toBe(3);
    for (const delivery of late) expect(delivery).toMatchObject({ outcome: 'delivered', httpStatus: 200 });
    expect((await checkout.handle.result()).status).toBe('confirmed');
    await expectOneVerifiedOrder(db, checkout);
    expect(await db.count('stock_reservations', 'order_id = ?', [checkout.orderId])).toBe(1);
  });

  it('given the webhooks are lost and the shopper never comes back, then the scheduled sync finds the payment and confirms', async () => {
    const db = ledger(h);
    const checkout = await startCheckout(h, 'stripe', [{ sku: 'TEA', quantity: 1 }], 'cus_stripe_lost');
    h.sandboxes.stripe.dropNextWebhooks(3);

    await shopper(h, 'stripe', checkout, 'pay'); // the browser never makes it back
    const final = await checkout.handle.result();

    await expectConfirmedBySyncAlone(db, 'stripe', checkout, final);
    expect(final.gatewaySyncs).toBeGreaterThanOrEqual(1);
    expect(h.sandboxes.stripe.deliveries().map((d) => d.outcome)).toEqual(['dropped', 'dropped', 'dropped']);
  });

  it('given Stripe delivers the same events again and again, then one order, one verification, one award', async () => {
    const db = ledger(h);
    const { checkout } = await payAndLetWebhooksConfirm(h, 'stripe', 'cus_stripe_dup');
    const completed = h.sandboxes.stripe.events().find((e) => e.type === 'checkout.session.completed')!;

    const retries = await Promise.all(Array.from({ length: 4 }, () => h.sandboxes.stripe.replayWebhook(completed.id)));

    for (const delivery of retries) expect(delivery).toMatchObject({ outcome: 'delivered', httpStatus: 200 });
    expect((await db.events('stripe')).filter((e) => e.event_id === completed.id)).toEqual([expect.objectContaining({ status: 'signalled' })]);
    expect((await stateOf(checkout.handle)).callbacksReceived).toBe(1);
    await expectOneVerifiedOrder(db, checkout);
  });
});
