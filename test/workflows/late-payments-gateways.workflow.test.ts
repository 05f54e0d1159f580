/**
 * Late payments through real gateway webhooks: Razorpay's signed webhooks for an order paid after
 * the checkout was cancelled (credited once, however many events and retries arrive), and a
 * PayPal approval after the checkout was given up (nothing captured, nothing moved).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { workflowIds } from '../../temporal.config.js';
import type { LatePaymentState } from '../../workflows/late-payment/messages.js';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../harness/checkout-harness.js';
import { ledger, shopper, startCheckout, webhooksLanded } from './gateways/drivers.js';

let h: GatewayHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const walletBalance = async (harness: GatewayHarness, customerId: string): Promise<number> =>
  Number((await harness.sql<{ total: string | null }>('select sum(amount_minor)::text as total from wallet_entries where customer_id = ?', [customerId]))[0]!.total ?? 0);
const lateRow = async (harness: GatewayHarness, gatewayPaymentId: string) =>
  (
    await harness.sql<Record<string, unknown>>(
      'select source, resolution, transaction_id, amount_minor::int as amount_minor, gateway_status from late_payments where gateway_payment_id = ?',
      [gatewayPaymentId],
    )
  )[0];

describe('a Razorpay order paid after its checkout was cancelled', () => {
  it('given the shopper pays after the window, when the signed webhooks arrive and are retried, then the wallet is credited exactly once', async () => {
    h = await createGatewayHarness();
    const harness = h;
    const db = ledger(harness);
    const checkout = await startCheckout(harness, 'razorpay', [{ sku: 'TEA', quantity: 1 }], 'cus_rzp_late');
    await shopper(harness, 'razorpay', checkout, 'cancel');
    // Razorpay's order stays open; the saga gives up once the window and its grace are over.
    expect(await checkout.handle.result()).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
    const total = (await stateOf(checkout.handle)).amount.amountMinor;

    // Razorpay lets the shopper try again on the same order: this time it is paid, and Razorpay says so.
    harness.sandboxes.razorpay.pay(checkout.gatewayPaymentId);
    await webhooksLanded(harness);
    const deliveries = harness.sandboxes.razorpay.webhooks().filter((d) => d.body.includes(checkout.gatewayPaymentId) && d.outcome !== 'dropped');
    const paidEvents = deliveries.filter((d) => d.event === 'order.paid' || d.event === 'payment.captured');
    expect(paidEvents.length).toBeGreaterThanOrEqual(1);
    const retries = await Promise.all(paidEvents.flatMap((d) => [harness.sandboxes.razorpay.replayWebhook(d.eventId), harness.sandboxes.razorpay.replayWebhook(d.eventId)]));
    expect(retries.every((d) => d.outcome === 200)).toBe(true);
    const final = (await harness.env.client.workflow.getHandle(workflowIds.latePayment('razorpay', checkout.gatewayPaymentId)).result()) as LatePaymentState;

    expect(final).toMatchObject({ resolution: 'credited_to_wallet', credited: { amountMinor: total }, owner: { orderId: checkout.orderId } });
    expect(await walletBalance(harness, 'cus_rzp_late')).toBe(total);
    expect(await db.count('wallet_entries', "customer_id = ? and kind = 'refund_credit'", ['cus_rzp_late'])).toBe(1);
    expect(await db.verifications(checkout.orderId)).toBe(1);
    expect(await lateRow(harness, checkout.gatewayPaymentId)).toMatchObject({ source: 'webhook', resolution: 'credited_to_wallet', amount_minor: total });
    // Each event was acknowledged once and recorded as handed on, not as unmatched.
    for (const event of await db.events('razorpay')) if (paidEvents.some((d) => d.eventId === event.event_id)) expect(event.status).toBe('signalled');
    expect(await db.order(checkout.orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_expired' });
  });
});

describe('a PayPal approval after its checkout was given up', () => {
  it('given the payer approves after the checkout was cancelled, then nothing is captured, nothing is credited, and it is recorded as not taken', async () => {
    h = await createGatewayHarness({ currency: 'USD' });
    const harness = h;
    const order = harness.order([{ sku: 'TEA', quantity: 1 }], 'cus_pp_late', 'paypal');
    const handle = await harness.startSaga(order, { firstMs: 48 * 3_600_000, ceilingMs: 48 * 3_600_000 });
    const state = await stateOf(handle);
    // Past PayPal's approval window and the grace after it, never approved: the saga expires it.
    await harness.env.sleep('7 hours');
    expect(await handle.result()).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });

    // The payer was still on PayPal's page and approves now; PayPal sends its signed webhook.
    await shopper(
      harness,
      'paypal',
      { orderId: order.orderId, customerId: order.customerId, gatewayPaymentId: state.gatewayPaymentId!, action: state.paymentAction!, handle },
      'pay',
    );
    await webhooksLanded(harness);
    const final = (await harness.env.client.workflow.getHandle(workflowIds.latePayment('paypal', state.gatewayPaymentId!)).result()) as LatePaymentState;

    expect(final).toMatchObject({ resolution: 'not_taken', gatewayStatus: 'APPROVED' });
    const captures = harness.sandboxes.paypal.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/v2/checkout/orders/${state.gatewayPaymentId}/capture`));
    expect(captures).toHaveLength(0);
    expect(harness.sandboxes.paypal.get(state.gatewayPaymentId!)).toMatchObject({ status: 'APPROVED' });
    expect(await walletBalance(harness, 'cus_pp_late')).toBe(0);
    expect(await lateRow(harness, state.gatewayPaymentId!)).toMatchObject({ source: 'webhook', resolution: 'not_taken', transaction_id: null, amount_minor: null });
    expect(await harness.sql('select 1 from payment_verifications where order_id = ?', [order.orderId])).toEqual([]);
  });
});
