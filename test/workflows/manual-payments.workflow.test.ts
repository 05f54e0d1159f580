import { describe, expect, it } from 'vitest';
import { stateOf } from '../harness/checkout-harness.js';
import { manualPaymentDecisionSignal } from '../../workflows/checkout/messages.js';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import { onHandOf, orderRowOf } from '../harness/queries.js';
import { useHarness } from '../support/harness-fixture.js';

const { h } = useHarness({ per: 'test' });

const onHand = (sku: string): Promise<number> => onHandOf(h, sku);
const orderRow = async (orderId: string) => (await orderRowOf(h, orderId))!;

describe('bank transfer and cash on delivery', () => {
  it('hands back a bank reference and confirms when an operator approves on day 6', async () => {
    const order: CheckoutOrder = { ...h.order([{ sku: 'TEA', quantity: 1 }], 'cus_bank'), gateway: 'bank_transfer' };
    const handle = await h.startSaga(order);
    const waiting = await stateOf(handle);
    expect(waiting.status).toBe('awaiting_payment');
    expect(waiting.paymentAction).toMatchObject({ type: 'instructions', method: 'bank_transfer', reference: expect.stringMatching(/^PS-[A-Z0-9]{10}$/) });

    await h.env.sleep('6 days');
    expect((await stateOf(handle)).status).toBe('awaiting_payment');
    await handle.signal(manualPaymentDecisionSignal, { decision: 'approve', by: 'ops@shop', reason: 'transfer on statement' });

    const final = await handle.result();
    expect(final.status).toBe('confirmed');
    expect(await orderRow(order.orderId)).toEqual({ status: 'confirmed', cancel_reason: null });
    expect(await onHand('TEA')).toBe(9);
  });

  it('cancels an unapproved bank transfer at day 7, taking nothing', async () => {
    const order: CheckoutOrder = { ...h.order([{ sku: 'TEA', quantity: 1 }], 'cus_bank_late'), gateway: 'bank_transfer' };
    const handle = await h.startSaga(order);
    const started = await h.env.currentTimeMs();

    const final = await handle.result();

    expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
    expect((await h.env.currentTimeMs()) - started).toBeGreaterThanOrEqual(7 * 24 * 3_600_000);
    expect(await orderRow(order.orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_expired' });
    expect(await onHand('TEA')).toBe(10);
  });

  it('cancels a cash-on-delivery order the operator rejects; a second decision changes nothing', async () => {
    const order: CheckoutOrder = { ...h.order([{ sku: 'TEA', quantity: 1 }], 'cus_cod'), gateway: 'cash_on_delivery' };
    const handle = await h.startSaga(order);
    await handle.signal(manualPaymentDecisionSignal, { decision: 'reject', by: 'ops@shop', reason: 'refused at the door' });
    await handle.signal(manualPaymentDecisionSignal, { decision: 'approve', by: 'ops@shop', reason: 'changed my mind' });

    const final = await handle.result();
    expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_failed' });
    expect(final.decisions).toMatchObject([{ action: 'reject', by: 'ops@shop', reason: 'refused at the door' }]);
  });
});
