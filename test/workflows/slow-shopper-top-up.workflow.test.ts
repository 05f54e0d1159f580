import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayId } from '../../src/payments/api.js';
import { checkoutTimeouts, workflowIds } from '../../temporal.config.js';
import { topUpStateQuery, type TopUpState } from '../../workflows/wallet-top-up/messages.js';
import { createGatewayHarness, type GatewayHarness } from '../harness/checkout-harness.js';
import { shopper, type BrowserReturn, type StartedCheckout } from './gateways/drivers.js';
import { walletBalanceOf } from '../harness/queries.js';
import { pollUntil, settledWithinAnHour } from '../support/polling.js';

/**
 * Wallet top-ups share the checkout's await loop: a shopper who pays the top-up a few minutes
 * (and several syncs) late gets the wallet credited; one who never pays gets a failed top-up
 * once the link's expiry and its grace are over, and nothing credited.
 */

const MINUTE = 60_000;
const GATEWAYS: readonly GatewayId[] = ['esewa', 'khalti', 'stripe'];

let h: GatewayHarness;

afterEach(async () => {
  await h?.close();
});

interface StartedTopUp {
  readonly topUpId: string;
  readonly action: StartedCheckout['action'];
  readonly handle: WorkflowHandle;
}

const stateOf = (handle: WorkflowHandle): Promise<TopUpState> => handle.query(topUpStateQuery);

const until = (handle: WorkflowHandle, predicate: (state: TopUpState) => boolean, what: string): Promise<TopUpState> =>
  pollUntil(() => stateOf(handle), predicate, 'top-up saga', what);

const SETTLED = ['credited', 'failed', 'needs_attention'];

/** The saga once it has ended or parked, the test server's clock running on in minutes meanwhile. */
const settled = (handle: WorkflowHandle): Promise<TopUpState> =>
  settledWithinAnHour(h.env, () => until(handle, (s) => SETTLED.includes(s.status) || s.status === 'awaiting_payment', 'a resting state'), SETTLED, 'top-up saga');

async function requestTopUp(gateway: GatewayId, customerId: string, amountMinor: number): Promise<StartedTopUp> {
  const token = await h.tokens.issueShopperToken(customerId);
  const response = await fetch(`${h.apiUrl}/wallet/top-ups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ amountMinor, gateway }),
  });
  const body = (await response.json()) as { topUpId: string; paymentAction?: StartedCheckout['action'] };
  expect(response.status).toBe(201);
  if (body.paymentAction === undefined) throw new Error('no payment action');
  return { topUpId: body.topUpId, action: body.paymentAction, handle: h.env.client.workflow.getHandle(workflowIds.topUp(body.topUpId)) };
}

/** The browser lands on the top-up return URL; the answer is what the shop shows. */
async function browserReturns(back: BrowserReturn): Promise<{ status: number; body: { status?: string } }> {
  const response = await fetch(back.url, { redirect: 'manual' });
  return { status: response.status, body: (await response.json()) as { status?: string } };
}

const walletBalance = (customerId: string): Promise<number> => walletBalanceOf(h, customerId);
const verifications = async (topUpId: string): Promise<number> =>
  Number((await h.sql<{ n: string }>('select count(*)::text as n from payment_verifications where top_up_id = ?', [topUpId]))[0]!.n);
const topUpRow = async (topUpId: string) =>
  (await h.sql<{ status: string; failure_reason: string | null }>('select status, failure_reason from wallet_top_ups where id = ?', [topUpId]))[0]!;

describe.each(GATEWAYS)('a slow shopper topping up the wallet on %s', (gateway) => {
  // A fresh harness per test: the test server's clock only moves forward.
  beforeEach(async () => {
    h = await createGatewayHarness();
  });

  it('given a shopper who pays the top-up three minutes after asking for it, after the first syncs, then the wallet is credited once', async () => {
    const customer = `cus_topup_slow_${gateway}`;
    const topUp = await requestTopUp(gateway, customer, 50_000);

    await h.env.sleep(3 * MINUTE);
    const waiting = await until(topUp.handle, (s) => s.gatewaySyncs >= 2 || s.status !== 'awaiting_payment', 'two syncs');
    expect(waiting.status).toBe('awaiting_payment');
    expect(waiting.gatewaySyncs).toBeGreaterThanOrEqual(2);

    const page = await browserReturns(await shopper(h, gateway, topUp, 'pay'));

    expect(page).toMatchObject({ status: 200, body: { status: 'credited' } });
    expect(await walletBalance(customer)).toBe(50_000);
    expect(await verifications(topUp.topUpId)).toBe(1);
    expect(await topUpRow(topUp.topUpId)).toEqual({ status: 'credited', failure_reason: null });
  });

  it('given a shopper who never pays the top-up, then it fails payment_expired only after the link expiry plus grace, nothing credited', async () => {
    const customer = `cus_topup_never_${gateway}`;
    const topUp = await requestTopUp(gateway, customer, 20_000);
    const graceEnd = Date.parse((await stateOf(topUp.handle)).expiresAt!) + checkoutTimeouts.expiryGraceMs;

    await h.env.sleep(graceEnd - 1_000 - (await h.env.currentTimeMs()));
    const beforeGraceEnd = await stateOf(topUp.handle);
    const final = await settled(topUp.handle);

    expect(beforeGraceEnd.status).toBe('awaiting_payment');
    expect(beforeGraceEnd.gatewaySyncs).toBeGreaterThan(2);
    expect(final).toMatchObject({ status: 'failed', failureReason: 'payment_expired' });
    expect(final.credited).toBeUndefined();
    expect(await topUpRow(topUp.topUpId)).toEqual({ status: 'failed', failure_reason: 'payment_expired' });
    expect(await walletBalance(customer)).toBe(0);
    expect(await verifications(topUp.topUpId)).toBe(0);
  });
});
