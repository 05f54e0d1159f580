import { describe, expect, it } from 'vitest';
import { stateOf } from '../../harness/checkout-harness.js';
import { paymentCallbackSignal } from '../../../workflows/checkout/messages.js';
import { paidKhaltiOrder } from '../../harness/queries.js';
import { apiClient, expectEachRouteAnswers, type Route } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';
import { MikroOrmSavedMethods } from '../../../adapters/persistence/mikro-orm-saved-methods.js';

// A fresh time-skipping server per test: one test's skipped hours must not run into the next's sagas.
const { h, tokens } = useHarness({ per: 'test', operators: { ops: 'ops_anna' }, shoppers: { shopper: 'cus_admin_1' } });
const { call } = apiClient(h);

const paidOrder = (customerId: string, quantity = 2) => paidKhaltiOrder(h, customerId, quantity);

describe('operator API', () => {
  it('refuses shopper tokens on every operator route with 403', async () => {
    const operatorRoutes: Route[] = [
      ['GET', '/admin/payments'],
      ['GET', '/admin/payments.csv'],
      ['PUT', '/admin/gateways/khalti', { enabled: false, reason: 'nope' }],
    ];
    await expectEachRouteAnswers(call, operatorRoutes, tokens.shopper, 403);
  });

  it('a partial refund to the wallet moves exactly that amount and takes back points in proportion', async () => {
    const order = await paidOrder('cus_admin_refund'); // NPR 900, 90 points
    const response = await call('POST', `/admin/orders/${order.orderId}/refunds`, tokens.ops, { amountMinor: 30_000, destination: 'wallet', reason: 'one tin damaged' });
    expect(response.status).toBe(202);
    const refund = (await response.json()) as { id: string; status: string; requestedBy: string };
    expect(refund).toMatchObject({ status: 'pending', requestedBy: 'ops_anna' });
    expect(await h.refundSagas.outcome(refund.id)).toBe('completed');
    const wallet = await h.sql<{ total: string }>('select sum(amount_minor)::text as total from wallet_entries where customer_id = ?', ['cus_admin_refund']);
    expect(Number(wallet[0]!.total)).toBe(30_000);
    const points = await h.sql<{ total: string }>('select sum(points)::text as total from loyalty_entries where customer_id = ?', ['cus_admin_refund']);
    expect(Number(points[0]!.total)).toBe(60);
    const tooMuch = await call('POST', `/admin/orders/${order.orderId}/refunds`, tokens.ops, { amountMinor: 60_001, destination: 'wallet', reason: 'again' });
    expect(tooMuch.status).toBe(409);
    expect(((await tooMuch.json()) as { code: string }).code).toBe('refunds.exceeds_paid');
  });

  it('the kill switch refuses new checkouts with 503 and lets running ones finish', async () => {
    const running = h.order([{ sku: 'TEA', quantity: 1 }], 'cus_admin_kill');
    const handle = await h.startSaga(running);
    expect((await call('PUT', '/admin/gateways/khalti', tokens.ops, { enabled: false, reason: 'Khalti incident' })).status).toBe(200);

    const refused = await call('POST', '/checkouts', tokens.shopper, { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { code: string }).code).toBe('payments.gateway_unavailable');

    const state = await stateOf(handle);
    await h.pay(state.gatewayPaymentId!);
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: state.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
    expect((await handle.result()).status).toBe('confirmed');

    expect((await call('PUT', '/admin/gateways/khalti', tokens.ops, { enabled: true, reason: 'resolved' })).status).toBe(200);
    expect((await call('POST', '/checkouts', tokens.shopper, { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' })).status).toBe(201);
  });

  it('approves a bank transfer through the saga, and refuses a command that does not apply', async () => {
    const order = { ...h.order([{ sku: 'TEA', quantity: 1 }], 'cus_admin_bank'), gateway: 'bank_transfer' as const };
    const handle = await h.startSaga(order);
    const retry = await call('POST', `/admin/checkouts/${order.orderId}/retry`, tokens.ops, { reason: 'nothing to retry' });
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { code: string }).code).toBe('checkout.command_refused');
    const approved = await call('POST', `/admin/checkouts/${order.orderId}/approve`, tokens.ops, { reason: 'transfer on the statement' });
    expect(approved.status).toBe(200);
    expect((await handle.result()).status).toBe('confirmed');
    expect((await handle.result()).decisions).toMatchObject([{ action: 'approve', by: 'ops_anna', reason: 'transfer on the statement' }]);
  });

  it('adjusts a wallet once per Idempotency-Key, never below zero', async () => {
    expect((await call('POST', '/admin/wallets/cus_admin_adj/adjustments', tokens.ops, { amountMinor: 5000, reason: 'goodwill' })).status).toBe(400);
    const key = { 'idempotency-key': 'adjust-0001-goodwill' };
    const first = await call('POST', '/admin/wallets/cus_admin_adj/adjustments', tokens.ops, { amountMinor: 5000, reason: 'goodwill' }, key);
    const again = await call('POST', '/admin/wallets/cus_admin_adj/adjustments', tokens.ops, { amountMinor: 5000, reason: 'goodwill' }, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(((await again.json()) as { balance: { amountMinor: number } }).balance.amountMinor).toBe(5000);
    const overdraw = await call(
      'POST',
      '/admin/wallets/cus_admin_adj/adjustments',
      tokens.ops,
      { amountMinor: -5001, reason: 'correction' },
      { 'idempotency-key': 'adjust-0002-correction' },
    );
    expect(overdraw.status).toBe(422);
    expect(((await overdraw.json()) as { code: string }).code).toBe('wallet.insufficient_funds');
  });

  it('exports 10,000 payments as CSV, row for row the JSON listing', async () => {
    await h.sql(`insert into orders (id, customer_id, gateway, status, currency, subtotal_minor, total_minor, placed_at, updated_at)
      select 'ord_bulk' || lpad(i::text, 20, '0'), 'cus_bulk', 'khalti', 'confirmed', 'NPR', 1000 + i, 1000 + i, now(), now() from generate_series(1, 10000) i`);
    await h.sql(`insert into payments (id, order_id, gateway, status, amount_minor, currency, transaction_id, created_at, updated_at)
      select 'pay_bulk' || lpad(i::text, 20, '0'), 'ord_bulk' || lpad(i::text, 20, '0'), 'khalti', 'completed', 1000 + i, 'NPR', 'txn,' || i, timestamptz '2026-01-01' + i * interval '1 second', now() from generate_series(1, 10000) i`);
    const json: { orderId: string; amountMinor: number; gatewayTransactionId?: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = (await (await call('GET', `/admin/payments?customerId=cus_bulk&limit=500${cursor ? `&cursor=${cursor}` : ''}`, tokens.ops)).json()) as {
        items: typeof json;
        nextCursor?: string;
      };
      json.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const csv = await (await call('GET', '/admin/payments.csv?customerId=cus_bulk', tokens.ops)).text();
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('order_id,gateway,gateway_transaction_id,amount_minor,currency,status,created_at,completed_at,paid_with_wallet');
    expect(json).toHaveLength(10_000);
    expect(lines).toHaveLength(10_001);
    lines.slice(1).forEach((line, i) => {
      const row = json[i]!;
      expect(line.startsWith(`${row.orderId},khalti,"${row.gatewayTransactionId}",${row.amountMinor},NPR,completed,`)).toBe(true);
    });
  });

  it('lists and exports the wallet a payment was paid through', async () => {
    await h.sql(`insert into orders (id, customer_id, gateway, status, currency, subtotal_minor, total_minor, placed_at, updated_at)
      values ('ord_gpay_1', 'cus_gpay', 'stripe', 'confirmed', 'NPR', 1000, 1000, now(), now()), ('ord_card_1', 'cus_gpay', 'stripe', 'confirmed', 'NPR', 1000, 1000, now(), now())`);
    await h.sql(`insert into payments (id, order_id, gateway, status, amount_minor, currency, created_at, updated_at)
      values ('pay_gpay_1', 'ord_gpay_1', 'stripe', 'completed', 1000, 'NPR', timestamptz '2026-01-01', now()), ('pay_card_1', 'ord_card_1', 'stripe', 'completed', 1000, 'NPR', timestamptz '2026-01-02', now())`);
    await new MikroOrmSavedMethods(h.orm).recordPaidWith('pay_gpay_1', { type: 'card', brand: 'visa', last4: '4242', wallet: 'google_pay' });

    const page = (await (await call('GET', '/admin/payments?customerId=cus_gpay', tokens.ops)).json()) as { items: { orderId: string; paidWithWallet?: string }[] };
    expect(page.items.map((p) => [p.orderId, p.paidWithWallet])).toStrictEqual([
      ['ord_gpay_1', 'google_pay'],
      ['ord_card_1', undefined],
    ]);
    const lines = (await (await call('GET', '/admin/payments.csv?customerId=cus_gpay', tokens.ops)).text()).trimEnd().split('\n');
    expect(lines[1]!.endsWith(',google_pay')).toBe(true);
    expect(lines[2]!.endsWith(',')).toBe(true);
  });
});
