import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayHarness, type GatewayHarness } from '../../harness/checkout-harness.js';
import { checkoutTimeouts } from '../../../temporal.config.js';
import { browserReturns, ledger, shopper, shopperComesBack, startCheckout } from './drivers.js';
import { expectConfirmedOnReturn, expectCancelledAndNothingTaken, expectOneVerifiedOrder, startCheckoutSyncingEvery } from './outcomes.js';

let h: GatewayHarness;

// A fresh harness per test: the time-skipping server's clock only moves forward.
beforeEach(async () => {
  h = await createGatewayHarness();
});

afterEach(async () => {
  await h?.close();
});

describe('checkout saga with eSewa', () => {
  it('given a shopper who pays, when eSewa sends the signed success return, then the order is confirmed with stock and points', async () => {
    const db = ledger(h);
    const checkout = await startCheckout(h, 'esewa', [{ sku: 'TEA', quantity: 2 }], 'cus_esewa_paid');
    expect(checkout.action.type).toBe('form_post');

    const back = await shopper(h, 'esewa', checkout, 'pay');
    expect(new URL(back.url).searchParams.get('data')).toBeTruthy();
    const page = await browserReturns(back);

    expect(h.sandboxes.esewa.get(checkout.gatewayPaymentId)?.status).toBe('COMPLETE');
    await expectConfirmedOnReturn(db, checkout, page);
  });

  it('given a shopper who cancels, when eSewa sends the browser to the failure URL, then the order is cancelled and nothing is taken', async () => {
    const db = ledger(h);
    const { checkout, page } = await shopperComesBack(h, 'esewa', 'cus_esewa_cancel', 'cancel');

    expect(page.body).toMatchObject({ checkoutStatus: 'cancelled', cancelReason: 'payment_cancelled' });
    await expectCancelledAndNothingTaken(db, checkout, 'payment_cancelled');
  });

  it('given the shopper paid but the return is lost, then the status check at expiry finds the payment and confirms', async () => {
    const db = ledger(h);
    const checkout = await startCheckoutSyncingEvery(h, 'esewa', 'cus_esewa_lost', 2 * checkoutTimeouts.defaultPaymentWindowMs);
    const { handle } = checkout;

    await shopper(h, 'esewa', checkout, 'pay'); // the browser never makes it back
    const final = await handle.result();

    expect(final.status).toBe('confirmed');
    expect(final.callbacksReceived).toBe(0);
    expect(final.gatewaySyncs).toBe(1);
    expect(await db.order(checkout.orderId)).toEqual({ status: 'confirmed', cancel_reason: null });
    expect(await db.onHand('TEA')).toBe(9);
  });

  it('given the success return is replayed, then one order, one verification, one award', async () => {
    const db = ledger(h);
    const checkout = await startCheckout(h, 'esewa', [{ sku: 'TEA', quantity: 1 }], 'cus_esewa_replay');
    const back = await shopper(h, 'esewa', checkout, 'pay');

    const pages = await Promise.all(Array.from({ length: 4 }, () => browserReturns(back)));

    for (const page of pages) expect(page.body.checkoutStatus).toBe('confirmed');
    await expectOneVerifiedOrder(db, checkout);
  });
});
