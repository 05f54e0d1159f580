import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../../harness/checkout-harness.js';
import { browserBeforeTheWebhooks, ledger, payAndLetWebhooksConfirm, shopper, shopperComesBack, webhooksConfirmBeforeTheBrowser, webhooksLanded } from './drivers.js';
import { expectConfirmedBySyncAlone, expectConfirmedOnReturn, expectExpiredAndNothingTaken, expectOneVerifiedOrder, startCheckoutSyncingEvery } from './outcomes.js';

let h: GatewayHarness;

// A fresh harness per test: the time-skipping server's clock only moves forward. PayPal takes no NPR.
beforeEach(async () => {
  h = await createGatewayHarness({ currency: 'USD' });
});

afterEach(async () => {
  await h?.close();
});

const captureCalls = (orderId: string) => h.sandboxes.paypal.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/v2/checkout/orders/${orderId}/capture`)).length;

describe('checkout saga with PayPal', () => {
  it('given a payer who approves, when PayPal sends the browser back, then the saga captures and the order is confirmed with stock and points', async () => {
    const db = ledger(h);
    const { checkout, page } = await shopperComesBack(h, 'paypal', 'cus_pp_paid', 'pay');

    expect(h.sandboxes.paypal.get(checkout.gatewayPaymentId)).toMatchObject({ status: 'COMPLETED', capture: { status: 'COMPLETED' } });
    await expectConfirmedOnReturn(db, checkout, page);
  });

  it('given a payer who cancels, when PayPal voids the order, then the order is cancelled and nothing is taken', async () => {
    const db = ledger(h);
    // PayPal leaves a cancelled order as it was: the shop waits for the gateway's word.
    const { checkout, page } = await shopperComesBack(h, 'paypal', 'cus_pp_cancel', 'cancel');
    expect(page.body.checkoutStatus).toBe('awaiting_payment');
    h.sandboxes.paypal.expire(checkout.gatewayPaymentId);

    await expectExpiredAndNothingTaken(db, checkout);
    expect(captureCalls(checkout.gatewayPaymentId)).toBe(0);
  });

  it('given the approval webhook arrives before the browser, then it alone gets the order captured and confirmed, and the late return shows the same one order', async () => {
    const db = ledger(h);
    const { checkout, confirmed, page } = await webhooksConfirmBeforeTheBrowser(h, 'paypal', 'cus_pp_early', 'confirmed by the webhook');

    expect(confirmed.callbacksReceived).toBeGreaterThanOrEqual(1);
    expect(page.body.checkoutStatus).toBe('confirmed');
    expect((await db.events('paypal')).find((e) => e.type === 'CHECKOUT.ORDER.APPROVED')).toMatchObject({ status: 'signalled', order_id: checkout.orderId });
    expect(captureCalls(checkout.gatewayPaymentId)).toBe(1);
    await expectOneVerifiedOrder(db, checkout);
  });

  it('given the approval webhook arrives after the browser, then there is still one capture and one confirmed order', async () => {
    const db = ledger(h);
    const { checkout, page } = await browserBeforeTheWebhooks(h, 'paypal', 'cus_pp_late', () => h.sandboxes.paypal.dropNextWebhooks(1));
    expect(page.body.checkoutStatus).toBe('confirmed');
    const approved = h.sandboxes.paypal.webhooks().find((d) => d.eventType === 'CHECKOUT.ORDER.APPROVED')!;
    expect(approved.status).toBe('dropped');
    const late = await h.sandboxes.paypal.replayWebhook(approved.eventId);

    expect(late.status).toBe(200);
    expect((await checkout.handle.result()).status).toBe('confirmed');
    expect(captureCalls(checkout.gatewayPaymentId)).toBe(1);
    await expectOneVerifiedOrder(db, checkout);
  });

  it('given the webhooks are lost and the payer never comes back, then the sync at expiry finds the approval and captures', async () => {
    const db = ledger(h);
    // Scheduled syncs pushed past the approval window: only the sync at expiry can find the approval.
    const checkout = await startCheckoutSyncingEvery(h, 'paypal', 'cus_pp_lost', 48 * 3_600_000);
    const { handle } = checkout;
    h.sandboxes.paypal.dropNextWebhooks(2); // the approval, and the capture's

    await shopper(h, 'paypal', checkout, 'pay'); // the browser never makes it back
    const final = await handle.result();

    await expectConfirmedBySyncAlone(db, 'paypal', checkout, final);
    expect(final.gatewaySyncs).toBe(1);
    expect(captureCalls(checkout.gatewayPaymentId)).toBe(1);
  });

  it('given PayPal delivers the approval again and again, then one capture, one order, one verification', async () => {
    const db = ledger(h);
    const { checkout } = await payAndLetWebhooksConfirm(h, 'paypal', 'cus_pp_dup');
    await webhooksLanded(h);
    const callbacks = (await stateOf(checkout.handle)).callbacksReceived;
    const approved = h.sandboxes.paypal.webhooks().find((d) => d.eventType === 'CHECKOUT.ORDER.APPROVED')!;

    const retries = await Promise.all(Array.from({ length: 4 }, () => h.sandboxes.paypal.replayWebhook(approved.eventId)));

    expect(retries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect((await db.events('paypal')).filter((e) => e.event_id === approved.eventId)).toEqual([expect.objectContaining({ status: 'signalled' })]);
    expect((await stateOf(checkout.handle)).callbacksReceived).toBe(callbacks);
    expect(captureCalls(checkout.gatewayPaymentId)).toBe(1);
    await expectOneVerifiedOrder(db, checkout);
  });
});
