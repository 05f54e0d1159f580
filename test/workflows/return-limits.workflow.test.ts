import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { sagaLimits } from '../../temporal.config.js';
import { outcomeUpdate, type CheckoutState } from '../../workflows/checkout/messages.js';
import { stateOf } from '../harness/checkout-harness.js';
import { apiClient } from '../support/api-client.js';
import { useHarness } from '../support/harness-fixture.js';

/**
 * Whoever knows a pidx can replay its return URL. The API answers a payment's returns past its
 * budget from the saga's state (no gateway lookup, no message), refuses a client past its limit,
 * and the saga itself takes a bounded number of outcome updates, so its history stays bounded
 * whatever reaches it.
 */

const { h, tokens } = useHarness({ shoppers: { shopper: 'cus_returns' } });
const { post } = apiClient(h);

async function startKhaltiCheckout(): Promise<{ orderId: string; pidx: string }> {
  const response = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' }, tokens.shopper);
  expect(response.status).toBe(201);
  const body = (await response.json()) as { orderId: string; paymentAction: { url: string } };
  return { orderId: body.orderId, pidx: new URL(body.paymentAction.url).searchParams.get('pidx')! };
}

/** The saga's state and history length once nothing has changed in it for half a second. */
async function quiet(orderId: string): Promise<{ state: CheckoutState; history: number }> {
  const handle = h.env.client.workflow.getHandle(`checkout-${orderId}`);
  let last = -1;
  for (;;) {
    const history = await historyLength(orderId);
    if (history === last) return { state: await stateOf(handle), history };
    last = history;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const historyLength = async (orderId: string) => (await h.env.client.workflow.getHandle(`checkout-${orderId}`).fetchHistory()).events?.length ?? 0;

describe('browser returns replayed at a checkout', () => {
  it('past the payment budget are answered from the saga, with no gateway lookup and nothing in its history', async () => {
    const { orderId, pidx } = await startKhaltiCheckout();
    const handle = h.env.client.workflow.getHandle(`checkout-${orderId}`);
    // The shopper has not paid: a return drives the saga (a lookup) and waits for the outcome.
    const url = `${h.apiUrl}/payments/khalti/return?${new URLSearchParams({ pidx, status: 'Pending', purchase_order_id: orderId })}`;
    const firstReturn = performance.now();
    const driving = await Promise.all(Array.from({ length: 6 }, () => fetch(url).then(async (r) => ({ status: r.status, body: (await r.json()) as { checkoutStatus: string } }))));
    expect(driving.map((answer) => [answer.status, answer.body.checkoutStatus])).toEqual(Array.from({ length: 6 }, () => [200, 'awaiting_payment']));
    const driven = await quiet(orderId);
    expect(driven.state.callbacksReceived).toBe(6);

    for (let i = 0; i < 24; i += 1) {
      const again = await fetch(url);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { checkoutStatus: string }).checkoutStatus).toBe('awaiting_payment');
    }
    // The budget is a token bucket: RETURNS_PER_PAYMENT_PER_MINUTE (6) a minute, refilled one every
    // 10 s. On a slow machine the replays can outlast a refill, and a refilled token may drive.
    const refilled = Math.floor(((performance.now() - firstReturn) * 6) / 60_000);
    const after = await quiet(orderId);
    // Six drove the saga; the other 24 read its state, bar the tokens refilled meanwhile.
    expect(after.state.callbacksReceived).toBeGreaterThanOrEqual(6);
    expect(after.state.callbacksReceived - 6).toBeLessThanOrEqual(refilled);
    if (after.state.callbacksReceived === 6) {
      expect(after.state.gatewaySyncs).toBe(driven.state.gatewaySyncs);
      expect(after.history).toBe(driven.history);
    }
    expect((await stateOf(handle)).status).toBe('awaiting_payment');
  });

  it('a client past its returns a minute is told 429 with Retry-After', async () => {
    const { pidx } = await startKhaltiCheckout();
    const back = await h.pay(pidx);
    let limited: Response | undefined;
    // 120 a minute per client IP; this file's returns so far count too.
    for (let i = 0; i < 200 && limited === undefined; i += 1) {
      const answer = await fetch(`${h.apiUrl}/payments/khalti/return?${back}`);
      if (answer.status === 429) limited = answer;
      else await answer.arrayBuffer();
    }
    expect(limited, 'no 429 within 200 returns').toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('content-type')).toContain('application/problem+json');
    expect(((await limited!.json()) as { code: string }).code).toBe('request.rate_limited');
  });
});

describe('the saga itself', () => {
  it(`takes at most ${sagaLimits.outcomeUpdates} outcome updates; the rest are refused without a trace and the saga still settles`, async () => {
    const order = h.order([{ sku: 'TEA', quantity: 1 }]);
    const handle = await h.startSaga(order);
    const { gatewayPaymentId } = await stateOf(handle);
    const callback = { gateway: 'khalti', gatewayPaymentId: gatewayPaymentId!, claimedStatus: 'Pending', receivedAt: new Date().toISOString() };
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < sagaLimits.outcomeUpdates + 25; i += 1) {
      try {
        await handle.executeUpdate(outcomeUpdate, { args: [{ timeoutMs: 0, callback }] });
        accepted += 1;
      } catch (error) {
        expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
        refused += 1;
      }
    }
    expect({ accepted, refused }).toEqual({ accepted: sagaLimits.outcomeUpdates, refused: 25 });
    // The return handler past the cap answers with the state, not an error, and once it has been
    // refused it sends that saga no more updates.
    expect((await h.sagas.awaitOutcome(order.orderId, 1_000, callback))?.status).toBe('awaiting_payment');
    const atCap = await quiet(order.orderId);
    for (let i = 0; i < 25; i += 1) expect((await h.sagas.awaitOutcome(order.orderId, 1_000, callback))?.status).toBe('awaiting_payment');
    const after = await quiet(order.orderId);
    expect(after.history).toBe(atCap.history);
    expect(after.state.gatewaySyncs).toBe(atCap.state.gatewaySyncs);
    expect(after.state.callbacksReceived).toBe(sagaLimits.outcomeUpdates);
    // Whatever reached it, the saga's history stays far below the engine's limit.
    expect(after.history).toBeLessThan(2_000);
    // The shopper pays; the saga's own syncs find it.
    await h.pay(gatewayPaymentId!);
    expect((await handle.result()).status).toBe('confirmed');
  });
});
