/**
 * The late-payment store and its use cases on real PostgreSQL: one transaction binds the ledger,
 * records the late payment and credits the wallet; a transaction is never credited twice; the
 * reconciliation sees a payment we gave up on only when its next check is due.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../adapters/persistence/database.js';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { MikroOrmLatePaymentStore } from '../../../adapters/persistence/mikro-orm-late-payments.js';
import { MikroOrmTopUpStore } from '../../../adapters/persistence/mikro-orm-top-up-store.js';
import { makeLatePaymentSteps, type LatePaymentSubject } from '../../../src/payments/application/late-payments.js';
import type { PaymentGateways } from '../../../src/payments/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { money } from '../../../src/shared/money.js';
import { given } from '../../contracts/store-under-test.js';
import { fresh } from '../../support/mothers/ids.js';
import { npr } from '../../support/mothers/money.js';
import { anOrder, laterStates } from '../../support/mothers/order.js';
import { anInitiatedPayment } from '../../support/mothers/payment.js';
import { aVerificationFor } from '../../support/mothers/verification.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let orm: MikroORM;
let checkouts: MikroOrmCheckoutStore;
let store: MikroOrmLatePaymentStore;
const NOW = '2026-02-01T12:00:00.000Z';
const noGateways: PaymentGateways = {
  has: () => false,
  get: (id) => {
    throw new Error(`no gateway ${id} in this test`);
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openDatabase(database.url, { poolMax: 4 });
  await migrate(orm);
  checkouts = new MikroOrmCheckoutStore(orm);
  store = new MikroOrmLatePaymentStore(orm);
});

afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

const steps = () => makeLatePaymentSteps({ store, gateways: noGateways, clock: new FixedClock(new Date(NOW)) });
const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(query, params);
const count = async (table: string, where: string, params: unknown[]) =>
  Number((await sql<{ n: string }>(`select count(*)::text as n from ${table} where ${where}`, params))[0]!.n);
const balance = async (customerId: string) =>
  Number((await sql<{ t: string | null }>('select sum(amount_minor)::text as t from wallet_entries where customer_id = ?', [customerId]))[0]!.t ?? 0);

/** A checkout whose saga gave up: order cancelled, its Khalti payment `status`. */
async function closedCheckout(status: 'expired' | 'cancelled' | 'failed' | 'completed' = 'expired') {
  const order = anOrder();
  const payment = anInitiatedPayment(order, { status });
  await given(checkouts, laterStates.cancelledUnpaid(order));
  await checkouts.transaction(async (repos) => repos.payments.save(payment));
  return { order, payment, gatewayPaymentId: payment.gatewayPaymentId! };
}

const subject = (gatewayPaymentId: string, source: LatePaymentSubject['source'] = 'webhook'): LatePaymentSubject => ({
  gateway: 'khalti',
  gatewayPaymentId,
  source,
  detectedAt: NOW,
  workflowId: `late-payment-khalti-${gatewayPaymentId}`,
});

describe('late payments on PostgreSQL', () => {
  it('given an expired checkout paid late, when settled twice, then one verification, one wallet credit linked to the payment, one late payment row', async () => {
    const { order, payment, gatewayPaymentId } = await closedCheckout('expired');
    const transactionId = fresh('txn');
    const input = {
      ...subject(gatewayPaymentId),
      transactionId,
      amount: order.total,
      gatewayStatus: 'Completed',
      walletEntryKey: `late-payment-khalti-${gatewayPaymentId}/credit`,
    };

    const first = await steps().settle(input);
    const second = await steps().settle({ ...input, source: 'reconciliation' });

    expect(first).toEqual({ outcome: 'settled', resolution: 'credited_to_wallet', amount: order.total });
    expect(second).toEqual({ outcome: 'settled', resolution: 'credited_to_wallet', amount: order.total });
    expect(await balance(order.customerId)).toBe(order.total.amountMinor);
    expect(await count('wallet_entries', "kind = 'refund_credit' and order_id = ? and payment_id = ?", [order.id, payment.id])).toBe(1);
    expect(await count('payment_verifications', 'gateway = ? and transaction_id = ? and order_id = ?', ['khalti', transactionId, order.id])).toBe(1);
    const rows = await steps().list({ resolution: 'credited_to_wallet', customerId: order.customerId }, 10);
    expect(rows).toEqual([
      expect.objectContaining({
        gateway: 'khalti',
        gatewayPaymentId,
        orderId: order.id,
        paymentId: payment.id,
        transactionId,
        amount: order.total,
        source: 'webhook',
        resolution: 'credited_to_wallet',
        resolvedAt: NOW,
      }),
    ]);
    expect(await steps().list({ resolution: 'not_taken', customerId: order.customerId }, 10)).toEqual([]);
  });

  it('given a transaction already bound to another order, when a late payment claims it, then it parks for an operator and nothing is credited', async () => {
    const other = anOrder();
    await given(checkouts, laterStates.confirmed(other));
    const bound = aVerificationFor(other);
    await checkouts.transaction((repos) => repos.verifications.record(bound));
    const { order, gatewayPaymentId } = await closedCheckout('cancelled');

    const settled = await steps().settle({
      ...subject(gatewayPaymentId),
      transactionId: bound.transactionId,
      amount: order.total,
      gatewayStatus: 'Completed',
      walletEntryKey: `k-${gatewayPaymentId}`,
    });

    expect(settled).toMatchObject({ outcome: 'park', code: 'payments.transaction_reused' });
    expect(await balance(order.customerId)).toBe(0);
    expect(await count('payment_verifications', 'gateway = ? and transaction_id = ?', ['khalti', bound.transactionId])).toBe(1);
    expect(await store.read((repos) => repos.latePayments.byGatewayPayment('khalti', gatewayPaymentId))).toMatchObject({
      resolution: 'needs_attention',
      attentionCode: 'payments.transaction_reused',
    });
  });

  it('given a late payment in another currency, then it parks and nothing is bound or credited', async () => {
    const { order, gatewayPaymentId } = await closedCheckout('failed');
    const transactionId = fresh('txn');

    const settled = await steps().settle({
      ...subject(gatewayPaymentId),
      transactionId,
      amount: money(order.total.amountMinor, 'USD'),
      gatewayStatus: 'Completed',
      walletEntryKey: `k-${gatewayPaymentId}`,
    });

    expect(settled).toMatchObject({ outcome: 'park', code: 'payments.currency_mismatch' });
    expect(await balance(order.customerId)).toBe(0);
    expect(await count('payment_verifications', 'transaction_id = ?', [transactionId])).toBe(0);
  });

  it('given a payment whose checkout has not given up, then nothing is settled', async () => {
    const { order, gatewayPaymentId } = await closedCheckout('completed');
    const settled = await steps().settle({
      ...subject(gatewayPaymentId),
      transactionId: fresh('txn'),
      amount: order.total,
      gatewayStatus: 'Completed',
      walletEntryKey: `k-${gatewayPaymentId}`,
    });
    expect(settled).toEqual({ outcome: 'not_late' });
    expect(await count('late_payments', 'gateway_payment_id = ?', [gatewayPaymentId])).toBe(0);
  });

  it('given a failed top-up paid late, when settled, then the top-up is credited once and the wallet entry names it', async () => {
    const customerId = fresh('cus');
    const topUpId = fresh('top');
    const gatewayPaymentId = fresh('pidx');
    await new MikroOrmTopUpStore(orm).transaction((repos) =>
      repos.topUps.save({ id: topUpId, customerId, gateway: 'khalti', amount: npr(20_000), status: 'failed', gatewayPaymentId, failureReason: 'payment_expired', createdAt: NOW }),
    );
    const transactionId = fresh('txn');
    const input = {
      ...subject(gatewayPaymentId, 'return'),
      transactionId,
      amount: npr(20_000),
      gatewayStatus: 'Completed',
      walletEntryKey: `late-payment-khalti-${gatewayPaymentId}/credit`,
    };

    expect(await steps().settle(input)).toEqual({ outcome: 'settled', resolution: 'top_up_credited', amount: npr(20_000) });
    expect(await steps().settle(input)).toEqual({ outcome: 'settled', resolution: 'top_up_credited', amount: npr(20_000) });

    expect(await balance(customerId)).toBe(20_000);
    expect(await count('wallet_entries', "kind = 'top_up' and top_up_id = ?", [topUpId])).toBe(1);
    expect(await count('payment_verifications', 'top_up_id = ? and order_id is null', [topUpId])).toBe(1);
    expect((await sql<{ status: string; transaction_id: string }>('select status, transaction_id from wallet_top_ups where id = ?', [topUpId]))[0]).toEqual({
      status: 'credited',
      transaction_id: transactionId,
    });
  });

  it('given nothing was taken, then it is recorded as not taken, and money found later still settles it', async () => {
    const { order, gatewayPaymentId } = await closedCheckout('expired');
    await steps().recordOutcome({ ...subject(gatewayPaymentId), resolution: 'not_taken', gatewayStatus: 'Expired' });
    expect(await store.read((repos) => repos.latePayments.byGatewayPayment('khalti', gatewayPaymentId))).toMatchObject({ resolution: 'not_taken', gatewayStatus: 'Expired' });

    const settled = await steps().settle({
      ...subject(gatewayPaymentId, 'reconciliation'),
      transactionId: fresh('txn'),
      amount: order.total,
      gatewayStatus: 'Completed',
      walletEntryKey: `k-${gatewayPaymentId}`,
    });

    expect(settled).toMatchObject({ outcome: 'settled', resolution: 'credited_to_wallet' });
    expect(await balance(order.customerId)).toBe(order.total.amountMinor);
  });

  it('given payments given up on, then each is due for a check on its back-off after closing, and never once settled or kept', async () => {
    const due = await closedCheckout('expired');
    const kept = await closedCheckout('completed');
    const settled = await closedCheckout('cancelled');
    const closedAt = Date.parse('2026-03-01T08:00:00.000Z');
    for (const { payment } of [due, kept, settled]) await sql('update payments set updated_at = ? where id = ?', [new Date(closedAt), payment.id]);
    await steps().recordOutcome({ ...subject(settled.gatewayPaymentId), resolution: 'dismissed', decidedBy: 'operator@shop', detail: 'refunded at Khalti' });
    const ids = async (atMs: number) =>
      (await steps().dueChecks({ now: new Date(atMs).toISOString(), limit: 500 }))
        .filter((c) => [due, kept, settled].some((x) => x.gatewayPaymentId === c.gatewayPaymentId))
        .map((c) => c.gatewayPaymentId);

    expect(await ids(closedAt + 14 * 60_000)).toEqual([]);
    expect(await ids(closedAt + 15 * 60_000)).toEqual([due.gatewayPaymentId]);
    await store.transaction((repos) => repos.recordCheck('khalti', due.gatewayPaymentId, 'Expired', new Date(closedAt + 15 * 60_000).toISOString()));
    expect(await ids(closedAt + 59 * 60_000)).toEqual([]);
    expect(await ids(closedAt + 60 * 60_000)).toEqual([due.gatewayPaymentId]);
    for (let i = 0; i < 4; i += 1) await store.transaction((repos) => repos.recordCheck('khalti', due.gatewayPaymentId, 'Expired', new Date(closedAt).toISOString()));
    // Five checks done: the last, 72 h after closing, was the last there is.
    expect(await ids(closedAt + 73 * 3_600_000)).toEqual([]);
    // Past the window nothing is asked about any more.
    const fresher = await closedCheckout('expired');
    await sql('update payments set updated_at = ? where id = ?', [new Date(closedAt), fresher.payment.id]);
    expect((await steps().dueChecks({ now: new Date(closedAt + 5 * 24 * 3_600_000).toISOString(), limit: 500 })).map((c) => c.gatewayPaymentId)).not.toContain(
      fresher.gatewayPaymentId,
    );
  });
});
