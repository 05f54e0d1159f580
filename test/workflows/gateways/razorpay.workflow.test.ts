import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { razorpayEventId } from '../../../adapters/gateways/razorpay/webhook-verifier.js';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../../harness/checkout-harness.js';
import {
  browserBeforeTheWebhooks,
  browserReturns,
  ledger,
  payAndLetWebhooksConfirm,
  shopper,
  shopperComesBack,
  startCheckout,
  webhooksConfirmBeforeTheBrowser,
} from './drivers.js';
import { expectConfirmedBySyncAlone, expectConfirmedOnReturn, expectExpiredAndNothingTaken, expectOneVerifiedOrder, startCheckoutSyncingEvery } from './outcomes.js';

let h: GatewayHarness;

// A fresh harness per test: the time-skipping server's clock only moves forward.
beforeEach(async () => {
  h = await createGatewayHarness();
});

afterEach(async () => {
  await h?.close();
});

const deliveriesFor = (orderId: string) => h.sandboxes.razorpay.webhooks().filter((d) => d.body.includes(orderId));

describe('checkout saga with Razorpay', () => {
  it('given a shopper who pays, when Checkout posts the signed return, then the order is confirmed with stock and points', async () => {
    const db = ledger(h);
    const checkout = await startCheckout(h, 'razorpay', [{ sku: 'TEA', quantity: 2 }], 'cus_rzp_paid');

    const back = await shopper(h, 'razorpay', checkout, 'pay');
    expect(back.form?.get('razorpay_signature')).toMatch(/^[0-9a-f]{64}$/);
    const page = await browserReturns(back);

    await expectConfirmedOnReturn(db, checkout, page);
  });

  it('given a shopper who cancels, when the checkout window and its grace have passed, then the order expires and nothing is taken', async () => {
    const db = ledger(h);
    const { checkout, page } = await shopperComesBack(h, 'razorpay', 'cus_rzp_cancel', 'cancel');
    // Razorpay lets the shopper try again on the same order until our window ends: the
    // dismissed attempt only means "not paid yet", and the saga ends the checkout once the
    // window and its grace are over.
    expect(page.body.checkoutStatus).toBe('awaiting_payment');

    await expectExpiredAndNothingTaken(db, checkout);
  });

  it('given the webhooks arrive before the browser, then they alone confirm and the late return shows the same one order', async () => {
    const db = ledger(h);
    const { checkout, confirmed, page } = await webhooksConfirmBeforeTheBrowser(h, 'razorpay', 'cus_rzp_early', 'confirmed by the webhooks');

    expect(confirmed.callbacksReceived).toBeGreaterThanOrEqual(1);
    expect(page.body.checkoutStatus).toBe('confirmed');
    expect((await db.events('razorpay')).map((e) => [e.type, e.status])).toEqual([
      ['payment.authorized', 'signalled'],
      ['payment.captured', 'signalled'],
      ['order.paid', 'signalled'],
    ]);
    await expectOneVerifiedOrder(db, checkout);
  });

  it('given the webhooks arrive after the browser, then there is still one confirmed order', async () => {
    const db = ledger(h);
    const { checkout, page } = await browserBeforeTheWebhooks(h, 'razorpay', 'cus_rzp_late', () => h.sandboxes.razorpay.dropNextWebhooks(3));
    expect(page.body.checkoutStatus).toBe('confirmed');
    const late = await Promise.all(deliveriesFor(checkout.gatewayPaymentId).map((d) => h.sandboxes.razorpay.replayWebhook(d.eventId)));

    expect(late.map((d) => d.outcome)).toEqual([200, 200, 200]);
    expect((await checkout.handle.result()).status).toBe('confirmed');
    await expectOneVerifiedOrder(db, checkout);
  });

  it('given the webhooks are lost and the shopper never comes back, then the sync at expiry finds the payment and confirms', async () => {
    const db = ledger(h);
    // Scheduled syncs pushed past the window: only the sync at expiry can find the payment.
    const checkout = await startCheckoutSyncingEvery(h, 'razorpay', 'cus_rzp_lost', 24 * 3_600_000);
    const { handle } = checkout;
    h.sandboxes.razorpay.dropNextWebhooks(3);

    await shopper(h, 'razorpay', checkout, 'pay');
    const final = await handle.result();

    await expectConfirmedBySyncAlone(db, 'razorpay', checkout, final);
    expect(final.gatewaySyncs).toBe(1);
  });

  it('given Razorpay delivers the same events again and again, then one order, one verification, one award', async () => {
    const db = ledger(h);
    const { checkout, confirmed } = await payAndLetWebhooksConfirm(h, 'razorpay', 'cus_rzp_dup');
    const paid = deliveriesFor(checkout.gatewayPaymentId).find((d) => d.event === 'order.paid')!;

    const retries = await Promise.all(Array.from({ length: 4 }, () => h.sandboxes.razorpay.replayWebhook(paid.eventId)));

    expect(retries.map((d) => d.outcome)).toEqual([200, 200, 200, 200]);
    expect((await db.events('razorpay')).filter((e) => e.event_id === razorpayEventId(paid.body))).toEqual([expect.objectContaining({ status: 'signalled' })]);
    expect((await stateOf(checkout.handle)).callbacksReceived).toBe(confirmed.callbacksReceived);
    await expectOneVerifiedOrder(db, checkout);
  });
});
