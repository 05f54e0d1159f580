/**
 * Checkout and order detail once Temporal's retention has removed the closed saga: the read side
 * answers from PostgreSQL what the saga's final state said, never a 404. Retention is played by
 * deleting the workflow execution on the dev server (the time-skipping server has no deletion).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../../temporal.config.js';
import { paymentCallbackSignal } from '../../../workflows/checkout/messages.js';
import { createCheckoutHarness } from '../../harness/checkout-harness.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

const { h } = useHarness({ create: () => createCheckoutHarness({ temporal: 'dev-server' }), timeout: 180_000 });
const api = apiClient(h);

type Body = Record<string, unknown> & { orderId: string; checkoutStatus: string; redirectUrl?: string };

async function call(method: 'GET' | 'POST', path: string, token?: string, body?: unknown): Promise<{ status: number; body: Body }> {
  const response = await api.call(method, path, token, body);
  return { status: response.status, body: (await response.json()) as Body };
}

async function checkout(token: string, items: { sku: string; quantity: number }[]): Promise<Body & { redirectUrl: string }> {
  const created = await call('POST', '/checkouts', token, { items, gateway: 'khalti' });
  expect(created.status).toBe(201);
  return created.body as Body & { redirectUrl: string };
}

const pidxOf = (created: { redirectUrl: string }) => new URL(created.redirectUrl).searchParams.get('pidx')!;

async function until(orderId: string, token: string, reached: (shown: Body) => boolean): Promise<Body> {
  for (let i = 0; i < 200; i += 1) {
    const shown = await call('GET', `/checkouts/${orderId}`, token);
    if (reached(shown.body)) return shown.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`checkout ${orderId} never got there`);
}

const settled = (orderId: string, token: string): Promise<Body> => until(orderId, token, (shown) => shown.checkoutStatus === 'confirmed' || shown.checkoutStatus === 'cancelled');

/**
 * What retention does to a closed saga: the execution and its history are gone. The dev server
 * deletes in the background (about half a minute here), so every scenario's saga is removed at
 * once, and each test then reads what is left.
 */
async function removeSagas(orderIds: readonly string[]): Promise<void> {
  await Promise.all(
    orderIds.map(async (orderId) => {
      const handle = h.env.client.workflow.getHandle(workflowIds.checkout(orderId));
      await h.env.client.workflowService.deleteWorkflowExecution({ namespace: h.env.namespace ?? 'default', workflowExecution: { workflowId: handle.workflowId } });
      for (let i = 0; i < 1200; i += 1) {
        try {
          await handle.describe();
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return;
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`workflow of ${orderId} was not deleted`);
    }),
  );
}

interface Scenario {
  readonly orderId: string;
  readonly token: string;
  /** The detail as the live (or closed, still kept) saga answered it. */
  readonly live: Body;
  readonly returnQuery?: URLSearchParams;
}

let paid: Scenario;
let creditedToWallet: Scenario;
let lost: Scenario;

beforeAll(async () => {
  // A shopper pays and is confirmed.
  {
    const token = await h.tokens.issueShopperToken('cus_retention_paid');
    const created = await checkout(token, [{ sku: 'TEA', quantity: 2 }]);
    const returnQuery = await h.pay(pidxOf(created));
    expect((await call('GET', `/payments/khalti/return?${returnQuery}`)).status).toBe(200);
    paid = { orderId: created.orderId, token, live: await settled(created.orderId, token), returnQuery };
  }
  // A shopper pays a rupee short: the saga parks, and an operator credits what was taken to the wallet.
  {
    const token = await h.tokens.issueShopperToken('cus_retention_short');
    const created = await checkout(token, [{ sku: 'MUG', quantity: 1 }]);
    const pidx = pidxOf(created);
    h.sandbox.control.complete(pidx, { totalAmount: (created['amount'] as { amountMinor: number }).amountMinor - 100 });
    await h.env.client.workflow
      .getHandle(workflowIds.checkout(created.orderId))
      .signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: pidx, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
    await until(created.orderId, token, (shown) => shown.checkoutStatus === 'needs_attention');
    const operator = await h.tokens.issueOperatorToken('ops_retention');
    expect((await call('POST', `/admin/checkouts/${created.orderId}/refund-to-wallet`, operator, { reason: 'paid a rupee short' })).status).toBe(200);
    creditedToWallet = { orderId: created.orderId, token, live: await settled(created.orderId, token) };
  }
  // A saga lost before it ended (terminated; then retention).
  {
    const token = await h.tokens.issueShopperToken('cus_retention_lost');
    const created = await checkout(token, [{ sku: 'TEA', quantity: 1 }]);
    lost = { orderId: created.orderId, token, live: (await call('GET', `/checkouts/${created.orderId}`, token)).body };
    await h.env.client.workflow.getHandle(workflowIds.checkout(created.orderId)).terminate('test: the saga is lost');
  }
  await removeSagas([paid.orderId, creditedToWallet.orderId, lost.orderId]);
}, 180_000);

describe('checkout detail after the saga is gone', () => {
  it('answers a confirmed checkout, on every detail route and on a repeated return, as the saga left it', async () => {
    expect(paid.live).toMatchObject({ checkoutStatus: 'confirmed', orderStatus: 'confirmed', pointsAwarded: 90, transactionId: expect.any(String) });

    const detail = await call('GET', `/checkouts/${paid.orderId}`, paid.token);
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(paid.live);
    const order = await call('GET', `/orders/${paid.orderId}`, paid.token);
    expect(order.status).toBe(200);
    expect(order.body).toEqual(paid.live);
    // The shopper reloads the return page: the order's outcome, from the database (the return is
    // unauthenticated, so only what the browser shows).
    const again = await call('GET', `/payments/khalti/return?${paid.returnQuery}`);
    expect(again.status).toBe(200);
    const shown = ['orderId', 'orderStatus', 'checkoutStatus', 'gateway', 'amount', 'transactionId', 'pointsAwarded', 'links'] as const;
    expect(again.body).toEqual(Object.fromEntries(shown.map((key) => [key, paid.live[key]])));
    // Still nobody else's.
    const other = await call('GET', `/checkouts/${paid.orderId}`, await h.tokens.issueShopperToken('cus_retention_other'));
    expect(other.status).toBe(404);
  });

  it('answers a cancelled checkout with its reason and the wallet credit an operator made', async () => {
    expect(creditedToWallet.live).toMatchObject({
      checkoutStatus: 'cancelled',
      orderStatus: 'cancelled',
      cancelReason: 'refunded_to_wallet',
      refundedToWallet: { amountMinor: (creditedToWallet.live['amount'] as { amountMinor: number }).amountMinor - 100, currency: 'NPR' },
    });
    expect(creditedToWallet.live).not.toHaveProperty('pointsAwarded');

    const detail = await call('GET', `/checkouts/${creditedToWallet.orderId}`, creditedToWallet.token);
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(creditedToWallet.live);
    expect((await call('GET', `/orders/${creditedToWallet.orderId}`, creditedToWallet.token)).body).toEqual(creditedToWallet.live);
  });

  it('shows a checkout whose saga vanished before it ended as needing an operator, not as missing', async () => {
    expect(lost.live).toMatchObject({ checkoutStatus: 'awaiting_payment', paymentAction: { type: 'redirect' } });

    const detail = await call('GET', `/checkouts/${lost.orderId}`, lost.token);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      orderId: lost.orderId,
      orderStatus: 'pending_payment',
      checkoutStatus: 'needs_attention',
      attention: { code: 'checkout.saga_missing' },
      amount: lost.live['amount'],
      lines: [expect.objectContaining({ sku: 'TEA', quantity: 1 })],
    });
    expect(detail.body).not.toHaveProperty('paymentAction');
  });
});
