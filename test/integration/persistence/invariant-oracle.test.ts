/**
 * The invariant oracle on real PostgreSQL: a clean ledger passes, and each rule, broken alone by
 * rows written around the repositories, is reported by name.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../adapters/persistence/database.js';
import { checkInvariants } from '../../../adapters/persistence/invariant-oracle.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let orm: MikroORM;
const sql = (query: string, params: unknown[] = []) => orm.em.fork().execute(query, params);

/**
 * A shop after a day's trading: a confirmed Khalti order (verified, stock committed, points
 * earned, a third refunded to the wallet with points reversed), an out-of-stock order whose money
 * went to the wallet, a confirmed split order, a cancelled split order whose wallet part came back,
 * a bank transfer still holding its stock, a credited top-up.
 */
async function tradingDay(): Promise<void> {
  await sql(`insert into products (sku, name, on_hand, reserved) values ('TEA', 'Tea', 8, 1), ('MUG', 'Mug', 3, 0)`);
  await sql(`insert into product_prices (sku, currency, price_minor) values ('TEA', 'NPR', 30000), ('MUG', 'NPR', 20000)`);
  const order = async (id: string, customer: string, gateway: string, status: string, total: number, extra = '') => {
    await sql(
      `insert into orders (id, customer_id, gateway, status, currency, subtotal_minor, total_minor, placed_at, updated_at${extra ? ', cancel_reason' : ''})
       values (?, ?, ?, ?, 'NPR', ?, ?, now(), now()${extra ? ', ?' : ''})`,
      [id, customer, gateway, status, total, total, ...(extra ? [extra] : [])],
    );
  };
  const payment = (id: string, orderId: string, gateway: string, status: string, amount: number, transactionId: string | null, gatewayPaymentId: string | null) =>
    sql(
      `insert into payments (id, order_id, gateway, status, amount_minor, currency, gateway_payment_id, transaction_id, created_at, updated_at) values (?, ?, ?, ?, ?, 'NPR', ?, ?, now(), now())`,
      [id, orderId, gateway, status, amount, gatewayPaymentId, transactionId],
    );
  const verify = (gateway: string, transactionId: string, orderId: string, amount: number) =>
    sql(`insert into payment_verifications (gateway, transaction_id, gateway_payment_id, order_id, amount_minor, currency, verified_at) values (?, ?, ?, ?, ?, 'NPR', now())`, [
      gateway,
      transactionId,
      `gp-${transactionId}`,
      orderId,
      amount,
    ]);
  const wallet = async (customer: string, kind: string, amount: number, key: string, links: { order?: string; payment?: string; refund?: string; topUp?: string } = {}) => {
    await sql(`insert into wallet_accounts (customer_id, currency, balance_minor) values (?, 'NPR', 0) on conflict do nothing`, [customer]);
    await sql(
      `insert into wallet_entries (customer_id, kind, amount_minor, currency, order_id, payment_id, refund_id, top_up_id, reason, idempotency_key, created_at)
       values (?, ?, ?, 'NPR', ?, ?, ?, ?, 'test', ?, now())`,
      [customer, kind, amount, links.order ?? null, links.payment ?? null, links.refund ?? null, links.topUp ?? null, key],
    );
    await sql(`update wallet_accounts set balance_minor = balance_minor + ? where customer_id = ? and currency = 'NPR'`, [amount, customer]);
  };
  const reservation = (orderId: string, lines: { sku: string; quantity: number }[], status: string) =>
    sql(`insert into stock_reservations (order_id, lines, status, reserved_at) values (?, ?::jsonb, ?, now())`, [orderId, JSON.stringify(lines), status]);
  const points = async (customer: string, kind: string, amount: number, orderId: string, key: string) => {
    await sql(`insert into loyalty_accounts (customer_id, balance, lifetime) values (?, 0, 0) on conflict do nothing`, [customer]);
    await sql(`insert into loyalty_entries (customer_id, kind, points, order_id, idempotency_key, created_at) values (?, ?, ?, ?, ?, now())`, [
      customer,
      kind,
      amount,
      orderId,
      key,
    ]);
    await sql(`update loyalty_accounts set balance = balance + ?, lifetime = lifetime + ? where customer_id = ?`, [amount, amount, customer]);
  };

  // A confirmed Khalti order, a third refunded to the wallet.
  await order('ord_a', 'cus_a', 'khalti', 'partially_refunded', 30_000);
  await sql(`update orders set refunded_minor = 10000 where id = 'ord_a'`);
  await payment('pay_a', 'ord_a', 'khalti', 'partially_refunded', 30_000, 'txn_a', 'pidx_a');
  await verify('khalti', 'txn_a', 'ord_a', 30_000);
  await reservation('ord_a', [{ sku: 'TEA', quantity: 1 }], 'committed');
  await sql(`update orders set fulfilment_status = 'shipped' where id = 'ord_a'`);
  await sql(`insert into fulfilment_events (order_id, from_status, to_status, actor, reason, carrier, tracking_number, at) values
    ('ord_a', 'unfulfilled', 'processing', 'ops', 'picked', null, null, now()), ('ord_a', 'processing', 'shipped', 'ops', 'sent', 'Nepal Post', 'NP1', now())`);
  await points('cus_a', 'earn', 30, 'ord_a', 'earn-a');
  await points('cus_a', 'reverse', -10, 'ord_a', 'reverse-a');
  await sql(`insert into refunds (id, order_id, payment_id, amount_minor, currency, destination, status, reason, requested_by, created_at, updated_at)
             values ('ref_a', 'ord_a', 'pay_a', 10000, 'NPR', 'wallet', 'completed', 'damaged', 'ops', now(), now())`);
  await wallet('cus_a', 'refund_credit', 10_000, 'refund-a', { order: 'ord_a', payment: 'pay_a', refund: 'ref_a' });

  // Paid, then out of stock: the money went to the wallet.
  await order('ord_b', 'cus_b', 'khalti', 'cancelled', 20_000, 'out_of_stock');
  await payment('pay_b', 'ord_b', 'khalti', 'refunded', 20_000, 'txn_b', 'pidx_b');
  await verify('khalti', 'txn_b', 'ord_b', 20_000);
  await wallet('cus_b', 'refund_credit', 20_000, 'oos-b', { order: 'ord_b', payment: 'pay_b' });

  // A split order, confirmed: the wallet part was debited.
  await wallet('cus_c', 'adjustment', 50_000, 'gift-c');
  await order('ord_c', 'cus_c', 'khalti', 'confirmed', 30_000);
  await payment('pay_c1', 'ord_c', 'wallet', 'completed', 10_000, 'debit-c', null);
  await payment('pay_c2', 'ord_c', 'khalti', 'completed', 20_000, 'txn_c', 'pidx_c');
  await wallet('cus_c', 'order_payment', -10_000, 'debit-c', { order: 'ord_c', payment: 'pay_c1' });
  await verify('khalti', 'txn_c', 'ord_c', 20_000);
  await reservation('ord_c', [{ sku: 'TEA', quantity: 1 }], 'committed');

  // A split order cancelled: its wallet part came back.
  await order('ord_d', 'cus_c', 'khalti', 'cancelled', 30_000, 'payment_expired');
  await payment('pay_d1', 'ord_d', 'wallet', 'refunded', 10_000, 'debit-d', null);
  await payment('pay_d2', 'ord_d', 'khalti', 'expired', 20_000, null, 'pidx_d');
  await wallet('cus_c', 'order_payment', -10_000, 'debit-d', { order: 'ord_d', payment: 'pay_d1' });
  await wallet('cus_c', 'order_payment_return', 10_000, 'return-d', { order: 'ord_d', payment: 'pay_d1' });

  // A bank transfer awaiting its approval, holding a tea.
  await order('ord_e', 'cus_e', 'bank_transfer', 'pending_payment', 30_000);
  await payment('pay_e', 'ord_e', 'bank_transfer', 'pending', 30_000, null, null);
  await reservation('ord_e', [{ sku: 'TEA', quantity: 1 }], 'reserved');

  // A credited top-up.
  await sql(`insert into wallet_top_ups (id, customer_id, gateway, status, amount_minor, currency, gateway_payment_id, transaction_id, created_at, credited_at, updated_at)
             values ('top_f', 'cus_f', 'khalti', 'credited', 5000, 'NPR', 'pidx_f', 'txn_f', now(), now(), now())`);
  await sql(
    `insert into payment_verifications (gateway, transaction_id, gateway_payment_id, top_up_id, amount_minor, currency, verified_at) values ('khalti', 'txn_f', 'pidx_f', 'top_f', 5000, 'NPR', now())`,
  );
  await wallet('cus_f', 'top_up', 5_000, 'credit-f', { topUp: 'top_f' });

  await sql(`insert into idempotency_keys (caller, key, request_hash, status, response_status, response_body) values ('cus_a', 'key-a', repeat('0', 64), 'done', 201, '{}')`);
}

beforeEach(async () => {
  database = await createTestDatabase();
  orm = await openDatabase(database.url, { poolMax: 2 });
  await migrate(orm);
  await tradingDay();
});

afterEach(async () => {
  await orm?.close();
  await database?.drop();
});

const broken = async (options?: Parameters<typeof checkInvariants>[1]) => (await checkInvariants(orm, options)).violations.map((v) => v.invariant);

describe('the invariant oracle', () => {
  it('passes a clean ledger, having looked at every kind of row', async () => {
    const report = await checkInvariants(orm, { initialStock: { TEA: 10, MUG: 3 } });
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    for (const [check, rows] of Object.entries(report.counted)) expect(rows, check).toBeGreaterThan(0);
  });

  it.each([
    ['wallet balance equals the sum of its entries, never below zero', `update wallet_accounts set balance_minor = balance_minor + 1 where customer_id = 'cus_c'`],
    [
      'a verification belongs to exactly one order or top-up',
      // The schema's check forbids it; the oracle checks it anyway, for a schema that lost the check.
      `alter table payment_verifications drop constraint payment_verifications_one_owner; update payment_verifications set top_up_id = 'top_f' where transaction_id = 'txn_c'`,
    ],
    ["a completed gateway payment's transaction is verified for its own order", `update payments set transaction_id = 'txn_a' where id = 'pay_c2'`],
    ['no order is confirmed without a verified payment', `delete from payment_verifications where transaction_id = 'txn_c'`],
    [
      'a fulfilled order has all its payment parts',
      `delete from wallet_entries where idempotency_key = 'debit-c'; update wallet_accounts set balance_minor = balance_minor + 10000 where customer_id = 'cus_c'; delete from payments where id = 'pay_c1'`,
    ],
    [
      'every verified payment is kept for a confirmed order, refunded, or credited to the wallet',
      // Paid, then out of stock, and the wallet credit never written: the money is unaccounted.
      `delete from wallet_entries where idempotency_key = 'oos-b'; update wallet_accounts set balance_minor = balance_minor - 20000 where customer_id = 'cus_b'`,
    ],
    [
      'every verified payment is kept for a confirmed order, refunded, or credited to the wallet',
      // A second transaction for an expired payment (a late payment), verified and never credited.
      `insert into payment_verifications (gateway, transaction_id, gateway_payment_id, order_id, amount_minor, currency, verified_at) values ('khalti', 'txn_late', 'pidx_d', 'ord_d', 20000, 'NPR', now())`,
    ],
    [
      'refunds never exceed what an order kept',
      `insert into refunds (id, order_id, payment_id, amount_minor, currency, destination, status, reason, requested_by, created_at, updated_at) values ('ref_x', 'ord_a', 'pay_a', 25000, 'NPR', 'gateway', 'pending', 'x', 'ops', now(), now())`,
    ],
    ['a completed refund to the wallet is credited exactly once', `update wallet_entries set refund_id = null where idempotency_key = 'refund-a'`],
    [
      "a cancelled order's wallet part is given back; a fulfilled one's is kept",
      `delete from wallet_entries where idempotency_key = 'return-d'; update wallet_accounts set balance_minor = balance_minor - 10000 where customer_id = 'cus_c'`,
    ],
    [
      'a verified top-up is credited exactly its amount, once',
      `update wallet_entries set amount_minor = 4999 where idempotency_key = 'credit-f'; update wallet_accounts set balance_minor = 4999 where customer_id = 'cus_f'`,
    ],
    ['no top-up credit without a verified payment', `delete from payment_verifications where transaction_id = 'txn_f'`],
    ['stock on hand and reserved are never negative, and reserved is what open reservations hold', `update products set reserved = 0 where sku = 'TEA'`],
    [
      "a reservation's state matches its order's",
      `update stock_reservations set status = 'committed' where order_id = 'ord_e'; update products set reserved = 0 where sku = 'TEA'`,
    ],
    ['a fulfilled order took its stock', `update stock_reservations set status = 'released' where order_id = 'ord_c'`],
    [
      'at most one points award per order, and only for a fulfilled order',
      `insert into loyalty_entries (customer_id, kind, points, order_id, idempotency_key, created_at) values ('cus_b', 'earn', 20, 'ord_b', 'earn-b', now()); insert into loyalty_accounts (customer_id, balance, lifetime) values ('cus_b', 20, 20)`,
    ],
    ['loyalty balance equals the sum of its entries, never below zero', `update loyalty_accounts set balance = 0 where customer_id = 'cus_a'`],
    [
      'points are reversed in proportion to refunds',
      `update loyalty_entries set points = -11 where idempotency_key = 'reverse-a'; update loyalty_accounts set balance = 19 where customer_id = 'cus_a'`,
    ],
    ["goods move only for a confirmed order, and its fulfilment status is its last event's", `update orders set fulfilment_status = 'delivered' where id = 'ord_a'`],
    [
      "goods move only for a confirmed order, and its fulfilment status is its last event's",
      `update orders set fulfilment_status = 'processing' where id = 'ord_b'; insert into fulfilment_events (order_id, from_status, to_status, actor, reason, at) values ('ord_b', 'unfulfilled', 'processing', 'ops', 'picked', now())`,
    ],
    ['every idempotency key is settled', `update idempotency_keys set status = 'in_progress' where key = 'key-a'`],
  ])('reports "%s" when it is broken', async (invariant, breaking) => {
    for (const statement of breaking
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean))
      await sql(statement);
    expect(await broken()).toContain(invariant);
  });

  it('reports stock that confirmed orders did not account for, given the stock at the start', async () => {
    expect(await broken({ initialStock: { TEA: 10, MUG: 3 } })).toEqual([]);
    expect(await broken({ initialStock: { TEA: 11, MUG: 3 } })).toEqual(['stock on hand equals what confirmed orders left']);
  });

  it('reports a transaction bound twice', async () => {
    // The table's unique key forbids it; the oracle checks it anyway, for a schema that lost the key.
    await sql(`alter table payment_verifications drop constraint payment_verifications_gateway_transaction_id_key`);
    await sql(
      `insert into payment_verifications (gateway, transaction_id, gateway_payment_id, order_id, amount_minor, currency, verified_at) values ('khalti', 'txn_c', 'pidx_c', 'ord_c', 20000, 'NPR', now())`,
    );
    expect(await broken()).toContain('a gateway transaction is bound at most once');
  });
});
