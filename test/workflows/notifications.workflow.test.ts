import type { WorkflowHandle } from '@temporalio/client';
import { beforeEach, describe, expect, it } from 'vitest';
import { MikroOrmCheckoutStore } from '../../adapters/persistence/mikro-orm-checkout-store.js';
import { requestRefund } from '../../src/checkout/application/refunds.js';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import type { ShopEvent } from '../../src/notifications/api.js';
import { workflowIds } from '../../temporal.config.js';
import { manualPaymentDecisionSignal, paymentCallbackSignal, type CheckoutState } from '../../workflows/checkout/messages.js';
import { topUpStateQuery, type TopUpState } from '../../workflows/wallet-top-up/messages.js';
import { stateOf } from '../harness/checkout-harness.js';
import { apiClient } from '../support/api-client.js';
import { useHarness } from '../support/harness-fixture.js';
import { pollUntil } from '../support/polling.js';

/**
 * Every saga outcome, refund and top-up writes its messages to the outbox in the transaction of
 * the change (demo mode's settings: email and WhatsApp on, staff at staff@paysaga.localhost).
 */

// A fresh server per test: the time-skipping clock only moves forward.
const { h, tokens } = useHarness({ per: 'test', operators: { ops: 'ops_anna' } });
const api = apiClient(h);
let store: MikroOrmCheckoutStore;

beforeEach(() => {
  store = new MikroOrmCheckoutStore(h.orm);
});

const STAFF = 'staff@paysaga.localhost';

/** The outbox rows about an order (or a top-up's shopper) as `kind → audience:channel:recipient`, sorted. */
async function outbox(about: { orderId: string } | { customerId: string }): Promise<string[]> {
  const written = await store.read(({ notifications }) => notifications.written(about));
  return written.map((m) => `${m.event.type} → ${m.audience}:${m.channel}:${m.recipient}`).sort();
}

const eventOf = async (orderId: string, type: ShopEvent['type']): Promise<ShopEvent> => {
  const written = await store.read(({ notifications }) => notifications.written({ orderId }));
  const found = written.find((m) => m.event.type === type);
  if (found === undefined) throw new Error(`no ${type} message for ${orderId}`);
  return found.event;
};

const withContact = (order: CheckoutOrder, email: string, phone?: string): CheckoutOrder => ({ ...order, customer: { name: 'Asha', email, ...(phone ? { phone } : {}) } });

const optIn = (customerId: string, settings: { phone?: string; whatsapp?: boolean; marketingOptOut?: boolean }) =>
  h.sql('insert into notification_settings (customer_id, phone, whatsapp_opt_in, marketing_opt_out) values (?, ?, ?, ?)', [
    customerId,
    settings.phone ?? null,
    settings.whatsapp ?? false,
    settings.marketingOptOut ?? false,
  ]);

const until = (handle: WorkflowHandle, done: (state: CheckoutState) => boolean): Promise<CheckoutState> => pollUntil(() => stateOf(handle), done, 'checkout saga', 'the state');

async function payAndReturn(handle: WorkflowHandle, times = 1): Promise<CheckoutState> {
  const pidx = (await stateOf(handle)).gatewayPaymentId!;
  await h.pay(pidx);
  for (let i = 0; i < times; i += 1) {
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: pidx, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
  }
  return handle.result();
}

describe('the outbox after each saga outcome', () => {
  it('a paid checkout: the confirmation to the shopper by email and WhatsApp (opted in), the staff copy, the points earned; once, however often the callback comes', async () => {
    await optIn('cus_n_paid', { phone: '+9779800000001', whatsapp: true });
    const order = withContact(h.order([{ sku: 'TEA', quantity: 2 }], 'cus_n_paid'), 'Asha@Example.com');
    expect((await payAndReturn(await h.startSaga(order), 3)).status).toBe('confirmed');

    expect(await outbox({ orderId: order.orderId })).toEqual([
      'order_confirmed → shopper:email:asha@example.com',
      'order_confirmed → shopper:whatsapp:+9779800000001',
      `order_confirmed → staff:email:${STAFF}`,
      'points_earned → shopper:email:asha@example.com',
      'points_earned → shopper:whatsapp:+9779800000001',
    ]);
    expect(await eventOf(order.orderId, 'order_confirmed')).toEqual({
      type: 'order_confirmed',
      orderId: order.orderId,
      customerId: 'cus_n_paid',
      total: { amountMinor: 90_000, currency: 'NPR' },
      lines: [{ name: 'Ilam tea', quantity: 2, lineTotal: { amountMinor: 90_000, currency: 'NPR' } }],
      paidWith: 'khalti',
    });
    expect(await eventOf(order.orderId, 'points_earned')).toMatchObject({ points: 90 });
  });

  it('a shopper who opted out of marketing hears of the order, not of the points; no WhatsApp without an opt-in', async () => {
    await optIn('cus_n_quiet', { phone: '+9779800000002', marketingOptOut: true });
    const order = withContact(h.order([{ sku: 'TEA', quantity: 1 }], 'cus_n_quiet'), 'quiet@example.com');
    expect((await payAndReturn(await h.startSaga(order))).status).toBe('confirmed');

    expect(await outbox({ orderId: order.orderId })).toEqual(['order_confirmed → shopper:email:quiet@example.com', `order_confirmed → staff:email:${STAFF}`]);
  });

  it('a checkout whose payment link expires: the shopper is told it was cancelled, and nothing else', async () => {
    const order = withContact(h.order([{ sku: 'TEA', quantity: 1 }], 'cus_n_expired'), 'late@example.com');
    const handle = await h.startSaga(order, { firstMs: 3_600_000 });
    h.sandbox.control.expire((await stateOf(handle)).gatewayPaymentId!);
    expect((await handle.result()).status).toBe('cancelled');

    expect(await outbox({ orderId: order.orderId })).toEqual(['order_cancelled → shopper:email:late@example.com']);
    expect(await eventOf(order.orderId, 'order_cancelled')).toMatchObject({ reason: 'payment_expired', total: { amountMinor: 45_000, currency: 'NPR' } });
  });

  it('a saga that parks tells staff once; the operator credits the wallet and the shopper hears of the credit and the cancellation', async () => {
    const order = withContact(h.order([{ sku: 'TEA', quantity: 1 }], 'cus_n_parked'), 'parked@example.com');
    const handle = await h.startSaga(order);
    const pidx = (await stateOf(handle)).gatewayPaymentId!;
    h.sandbox.control.complete(pidx, { totalAmount: 45_000 - 100 });
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: pidx, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
    await until(handle, (s) => s.status === 'needs_attention');
    // The activity that tells staff runs as the saga parks: wait for its row.
    for (let i = 0; i < 100 && (await outbox({ orderId: order.orderId })).length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await outbox({ orderId: order.orderId })).toEqual([`checkout_needs_attention → staff:email:${STAFF}`]);
    expect(await eventOf(order.orderId, 'checkout_needs_attention')).toMatchObject({ code: 'payments.amount_mismatch', customerId: 'cus_n_parked' });

    const response = await api.call('POST', `/admin/checkouts/${order.orderId}/refund-to-wallet`, tokens.ops, { reason: 'paid a rupee short' });
    expect(response.status).toBe(200);
    expect((await handle.result()).status).toBe('cancelled');

    expect(await outbox({ orderId: order.orderId })).toEqual([
      `checkout_needs_attention → staff:email:${STAFF}`,
      'order_cancelled → shopper:email:parked@example.com',
      'refunded_to_wallet → shopper:email:parked@example.com',
    ]);
    expect(await eventOf(order.orderId, 'refunded_to_wallet')).toMatchObject({ amount: { amountMinor: 44_900, currency: 'NPR' } });
    expect(await eventOf(order.orderId, 'order_cancelled')).toMatchObject({ reason: 'refunded_to_wallet' });
  });

  it('a bank transfer: the instructions with the reference as the checkout opens, the confirmation once an operator approves', async () => {
    const order: CheckoutOrder = { ...withContact(h.order([{ sku: 'TEA', quantity: 1 }], 'cus_n_bank'), 'bank@example.com'), gateway: 'bank_transfer' };
    const handle = await h.startSaga(order);
    const waiting = await until(handle, (s) => s.status === 'awaiting_payment');
    expect(await outbox({ orderId: order.orderId })).toEqual(['manual_payment_instructions → shopper:email:bank@example.com']);
    expect(await eventOf(order.orderId, 'manual_payment_instructions')).toMatchObject({
      method: 'bank_transfer',
      reference: (waiting.paymentAction as { reference: string }).reference,
      total: { amountMinor: 45_000, currency: 'NPR' },
    });

    await handle.signal(manualPaymentDecisionSignal, { decision: 'approve', by: 'ops@shop', reason: 'transfer on statement' });
    expect((await handle.result()).status).toBe('confirmed');
    expect(await outbox({ orderId: order.orderId })).toContain('order_confirmed → shopper:email:bank@example.com');
  });

  it('a refund to the wallet of a confirmed order: the shopper is told of the refund once it completes', async () => {
    const order = withContact(h.order([{ sku: 'TEA', quantity: 2 }], 'cus_n_refund'), 'refund@example.com');
    expect((await payAndReturn(await h.startSaga(order))).status).toBe('confirmed');
    const started = await requestRefund(h.refunds, h.refundSagas, {
      orderId: order.orderId,
      destination: 'wallet',
      reason: 'returned',
      requestedBy: 'ops_anna',
      amount: { amountMinor: 30_000, currency: 'NPR' },
    });
    if (!started.ok) throw new Error(started.error.message);
    const refund = started.value[0]!;
    await h.env.client.workflow.getHandle(workflowIds.refund(refund.id)).result();

    expect(await outbox({ orderId: order.orderId })).toContain('refund_completed → shopper:email:refund@example.com');
    expect(await eventOf(order.orderId, 'refund_completed')).toEqual({
      type: 'refund_completed',
      orderId: order.orderId,
      customerId: 'cus_n_refund',
      refundId: refund.id,
      amount: { amountMinor: 30_000, currency: 'NPR' },
      destination: 'wallet',
    });
  });

  it('a wallet top-up: the shopper is told of the credit, at the email of their latest order', async () => {
    const order = withContact(h.order([{ sku: 'TEA', quantity: 1 }], 'cus_n_topup'), 'topup@example.com');
    expect((await payAndReturn(await h.startSaga(order))).status).toBe('confirmed');
    const response = await api.post('/wallet/top-ups', { amountMinor: 50_000, gateway: 'khalti' }, await h.tokens.issueShopperToken('cus_n_topup'));
    expect(response.status).toBe(201);
    const { topUpId, paymentAction } = (await response.json()) as { topUpId: string; paymentAction: { url: string } };
    const handle = h.env.client.workflow.getHandle(workflowIds.topUp(topUpId));
    const returned = await h.pay(new URL(paymentAction.url).searchParams.get('pidx')!);
    expect((await api.get(`/wallet/top-ups/payments/khalti/return?${returned.toString()}`)).status).toBe(200);
    expect(((await handle.result()) as TopUpState).status).toBe('credited');
    expect((await handle.query(topUpStateQuery)).credited).toEqual({ amountMinor: 50_000, currency: 'NPR' });

    const toShopper = (await outbox({ customerId: 'cus_n_topup' })).filter((line) => line.startsWith('wallet_topped_up'));
    expect(toShopper).toEqual(['wallet_topped_up → shopper:email:topup@example.com']);
  });
});
