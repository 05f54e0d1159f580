import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { TemporalRefundSagas } from '../../adapters/temporal/temporal-refund-sagas.js';
import { requestRefund } from '../../src/checkout/application/refunds.js';
import type { Refund } from '../../src/payments/domain/refund.js';
import { workflowIds } from '../../temporal.config.js';
import { refundStateQuery, type RefundState } from '../../workflows/refund/messages.js';
import { createGatewayHarness } from '../harness/checkout-harness.js';
import { browserReturns, shopper, startCheckout } from './gateways/drivers.js';
import { paidKhaltiOrder as paidKhaltiOrderIn } from '../harness/queries.js';
import { useHarness } from '../support/harness-fixture.js';
import { pollUntil } from '../support/polling.js';

// A fresh time-skipping server per test: one test's skipped days must not run into the next's sagas.
const { h } = useHarness({ per: 'test', create: createGatewayHarness });

const npr = (amountMinor: number) => ({ amountMinor, currency: 'NPR' });
const sagaOf = (refundId: string): WorkflowHandle => h.env.client.workflow.getHandle(workflowIds.refund(refundId));
const refundState = (refundId: string) => sagaOf(refundId).query(refundStateQuery);

const untilRefund = (refundId: string, predicate: (s: RefundState) => boolean, what: string): Promise<RefundState> =>
  pollUntil(() => refundState(refundId), predicate, 'refund saga', what);

async function paidStripeOrder(customerId: string) {
  const checkout = await startCheckout(h, 'stripe', [{ sku: 'TEA', quantity: 2 }], customerId); // NPR 900
  expect((await browserReturns(await shopper(h, 'stripe', checkout, 'pay'))).body).toMatchObject({ checkoutStatus: 'confirmed' });
  return checkout;
}

const paidKhaltiOrder = (customerId: string) => paidKhaltiOrderIn(h, customerId, 2);

async function refundOf(orderId: string, amountMinor: number | undefined, destination: 'gateway' | 'wallet' = 'gateway'): Promise<Refund> {
  const started = await requestRefund(h.refunds, h.refundSagas, {
    orderId,
    destination,
    reason: 'returned',
    requestedBy: 'ops_anna',
    ...(amountMinor === undefined ? {} : { amount: npr(amountMinor) }),
  });
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  expect(started.value).toHaveLength(1);
  return started.value[0]!;
}

const stripeRefundCalls = () => h.sandboxes.stripe.requests().filter((r) => r.path.endsWith('/v1/refunds') && r.method === 'POST');
const stripeRefundReads = () => h.sandboxes.stripe.requests().filter((r) => r.method === 'GET' && /\/v1\/refunds(\/|$)/.test(r.path));
const refundRow = async (refundId: string) =>
  (
    await h.sql<{ status: string; destination: string; attention_reason: string | null; failure_reason: string | null }>(
      'select status, destination, attention_reason, failure_reason from refunds where id = ?',
      [refundId],
    )
  )[0];
const orderStatus = async (orderId: string) => (await h.sql<{ status: string }>('select status from orders where id = ?', [orderId]))[0]?.status;
const walletOf = async (customerId: string) =>
  Number((await h.sql<{ total: string | null }>('select sum(amount_minor)::text as total from wallet_entries where customer_id = ?', [customerId]))[0]!.total ?? 0);

describe('refund saga', () => {
  it('a pending Stripe refund is created once and then read with GET /v1/refunds/:id until it succeeds, never re-POSTed', async () => {
    const checkout = await paidStripeOrder('cus_refund_poll');
    h.sandboxes.stripe.setNextRefundStatus('pending');
    const refund = await refundOf(checkout.orderId, undefined);
    const pending = await untilRefund(refund.id, (s) => s.status === 'awaiting_gateway', 'awaiting the gateway');
    await h.env.sleep('3 minutes'); // two reads, both pending
    expect((await refundState(refund.id)).reads).toBeGreaterThanOrEqual(1);
    h.sandboxes.stripe.settleRefund(pending.gatewayRefundId!, 'succeeded');

    expect(await h.refundSagas.outcome(refund.id)).toBe('completed');
    expect(stripeRefundCalls()).toHaveLength(1);
    expect(stripeRefundReads().length).toBeGreaterThanOrEqual(2);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'completed', attention_reason: null });
    expect(await orderStatus(checkout.orderId)).toBe('refunded');
  });

  it('a refund still pending past its budget parks; crediting the wallet is refused while the gateway may still pay it, allowed once it is cancelled', async () => {
    const checkout = await paidStripeOrder('cus_refund_budget');
    h.sandboxes.stripe.setNextRefundStatus('pending');
    const refund = await refundOf(checkout.orderId, 30_000);
    const pending = await untilRefund(refund.id, (s) => s.status === 'awaiting_gateway', 'awaiting the gateway');
    await h.env.sleep('11 days');
    const parked = await untilRefund(refund.id, (s) => s.status === 'needs_attention', 'parked');
    expect(parked.attention?.reason).toMatch(/still pending at the gateway/);
    expect((await refundRow(refund.id))?.attention_reason).toMatch(/still pending/);
    // Bounded: reads backed off to the ceiling, not one a minute for ten days.
    expect(parked.reads!).toBeLessThan(60);
    expect(stripeRefundCalls()).toHaveLength(1);

    const refused = await h.refundSagas.command(refund.id, { action: 'credit_wallet', by: 'ops_anna', reason: 'shopper waited long enough' });
    expect(!refused.ok && refused.error.code).toBe('refunds.gateway_refund_pending');
    expect(await walletOf('cus_refund_budget')).toBe(0);

    h.sandboxes.stripe.settleRefund(pending.gatewayRefundId!, 'canceled');
    const credited = await h.refundSagas.command(refund.id, { action: 'credit_wallet', by: 'ops_anna', reason: 'card refund cancelled' });
    expect(credited.ok && credited.value.status).toBe('credited_to_wallet');
    expect(await h.refundSagas.outcome(refund.id)).toBe('credited_to_wallet');
    expect(await walletOf('cus_refund_budget')).toBe(30_000);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'failed', attention_reason: null });
    expect(await refundRow(`${refund.id}-wallet`)).toMatchObject({ status: 'completed', destination: 'wallet' });
    expect(await orderStatus(checkout.orderId)).toBe('partially_refunded');
    const decisions = await h.sql<{ action: string; decided_by: string; reason: string }>('select action, decided_by, reason from refund_decisions where refund_id = ?', [
      refund.id,
    ]);
    expect(decisions).toEqual([{ action: 'credit_wallet', decided_by: 'ops_anna', reason: 'card refund cancelled' }]);
  });

  it('a refund the gateway fails parks; an operator retry makes a new refund (the failed one moved no money) and it completes', async () => {
    const checkout = await paidStripeOrder('cus_refund_retry');
    h.sandboxes.stripe.setNextRefundStatus('failed');
    const refund = await refundOf(checkout.orderId, undefined);
    const parked = await untilRefund(refund.id, (s) => s.status === 'needs_attention', 'parked');
    expect(parked.attention?.reason).toMatch(/failed the refund/);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'pending' });

    h.sandboxes.stripe.setNextRefundStatus('succeeded');
    const retried = await h.refundSagas.command(refund.id, { action: 'retry', by: 'ops_anna', reason: 'card reissued' });
    expect(retried.ok).toBe(true);
    expect(await h.refundSagas.outcome(refund.id)).toBe('completed');
    expect(stripeRefundCalls()).toHaveLength(2);
    expect(h.sandboxes.stripe.refunds().map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(await orderStatus(checkout.orderId)).toBe('refunded');
    const again = await h.refundSagas.command(refund.id, { action: 'retry', by: 'ops_anna', reason: 'again' });
    expect(!again.ok && again.error.code).toBe('refunds.command_refused');
  });

  it("a Khalti refund whose answer was lost is not sent again: the retry reads Khalti's lookup first and finds it made", async () => {
    const order = await paidKhaltiOrder('cus_refund_khalti_lost');
    h.sandbox.control.loseNextRefundAnswers(1);
    const refund = await refundOf(order.orderId, 30_000);

    expect(await h.refundSagas.outcome(refund.id)).toBe('completed');
    expect(h.sandbox.control.requests().filter((r) => r.path.endsWith('/refund/'))).toHaveLength(1);
    expect(h.sandbox.control.get(order.pidx)?.status).toBe('Partially Refunded');
    expect(await orderStatus(order.orderId)).toBe('partially_refunded');
  });

  it('a refund whose saga cannot be started leaves no refund row behind', async () => {
    const order = await paidKhaltiOrder('cus_refund_no_start');
    // A Temporal frontend that does not answer: the start fails before anything is recorded.
    const unreachable = new TemporalRefundSagas(new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '1s' }) }), h.taskQueue);
    const started = await requestRefund(h.refunds, unreachable, { orderId: order.orderId, destination: 'gateway', reason: 'returned', requestedBy: 'ops_anna' });
    expect(!started.ok && started.error.code).toBe('refunds.saga_unavailable');
    expect(await h.sql('select id from refunds where order_id = ?', [order.orderId])).toEqual([]);
    // Asked again with the engine back, the whole amount is still refundable.
    const refund = await refundOf(order.orderId, undefined);
    expect(refund.amount).toEqual(npr(90_000));
    expect(await h.refundSagas.outcome(refund.id)).toBe('completed');
  });
});
