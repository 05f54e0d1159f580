/**
 * Stripe's return racing its webhooks, with real concurrency on the Temporal dev server: the
 * sandbox's signed webhooks and the shopper's browser return reach the API at the same moment,
 * checkout after checkout. Whatever the interleaving, the shopper is shown the confirmed order
 * (or a 2xx "pending" that then becomes confirmed), never a 5xx.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_TEST_CARDS } from '../../adapters/gateways/stripe/sandbox.js';
import { createGatewayHarness } from '../harness/checkout-harness.js';
import { apiClient } from '../support/api-client.js';
import { useHarness } from '../support/harness-fixture.js';

const { h } = useHarness({ create: () => createGatewayHarness({ temporal: 'dev-server' }), timeout: 180_000 });
const { get, post } = apiClient(h);

beforeAll(async () => {
  // Twenty and more orders of one tea each: enough stock that every one can be confirmed.
  await h.sql(`update products set on_hand = 1000 where sku = 'TEA'`);
});

interface Started {
  readonly orderId: string;
  readonly token: string;
  readonly redirectUrl: string;
}

async function startStripeCheckout(customerId: string): Promise<Started> {
  const token = await h.tokens.issueShopperToken(customerId);
  const response = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'stripe' }, token);
  const body = (await response.json()) as { orderId: string; redirectUrl?: string };
  if (response.status !== 201 || body.redirectUrl === undefined) throw new Error(`checkout answered ${response.status}: ${JSON.stringify(body)}`);
  return { orderId: body.orderId, token, redirectUrl: body.redirectUrl };
}

/** Presses Pay on Stripe's hosted page; answers where Stripe sends the browser back. */
async function pay(checkout: Started): Promise<string> {
  const response = await fetch(`${checkout.redirectUrl}/confirm`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card_number: STRIPE_TEST_CARDS.succeeds }),
  });
  const location = response.headers.get('location');
  if (response.status !== 302 && response.status !== 303) throw new Error(`Stripe confirm answered ${response.status}`);
  if (location === null) throw new Error('Stripe confirm sent no Location');
  return location;
}

interface Landed {
  readonly orderId: string;
  readonly status: number;
  readonly body: { checkoutStatus?: string; code?: string } & Record<string, unknown>;
}

async function land(orderId: string, url: string): Promise<Landed> {
  const response = await fetch(url, { redirect: 'manual' });
  return { orderId, status: response.status, body: (await response.json()) as Landed['body'] };
}

async function shownStatus(checkout: Started): Promise<string | undefined> {
  const response = await get(`/checkouts/${checkout.orderId}`, checkout.token);
  return ((await response.json()) as { checkoutStatus?: string }).checkoutStatus;
}

async function eventually(checkout: Started, wanted: string): Promise<string | undefined> {
  let status: string | undefined;
  for (let i = 0; i < 200 && status !== wanted; i += 1) {
    status = await shownStatus(checkout);
    if (status !== wanted) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return status;
}

/** Every landing 2xx, showing confirmed or a pending that the shopper then sees confirmed. */
async function expectShopperSeesConfirmed(checkouts: readonly Started[], landed: readonly Landed[]): Promise<void> {
  const failures = landed.filter((l) => l.status >= 300 || !['confirmed', 'verifying', 'awaiting_payment', 'fulfilling'].includes(l.body.checkoutStatus ?? ''));
  expect(
    failures,
    `returns that did not answer the order: ${JSON.stringify(failures.map((f) => ({ status: f.status, code: f.body.code, checkoutStatus: f.body.checkoutStatus })))}`,
  ).toEqual([]);
  for (const checkout of checkouts) expect(await eventually(checkout, 'confirmed'), checkout.orderId).toBe('confirmed');
}

const ROUNDS = 4;
const PER_ROUND = 5;

describe('a Stripe return racing its webhooks, on the dev server', () => {
  it(`answers the shopper the order on every return: ${ROUNDS} rounds of ${PER_ROUND} checkouts whose webhooks and return are fired together`, async () => {
    const stripe = h.sandboxes.stripe;
    const all: Started[] = [];
    const landed: Landed[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const checkouts = await Promise.all(Array.from({ length: PER_ROUND }, (_, i) => startStripeCheckout(`cus_race_${round}_${i}`)));
      all.push(...checkouts);
      // Hold back the three events each payment sends, so they can be fired with the return.
      stripe.dropNextWebhooks(3 * PER_ROUND);
      const before = new Set(stripe.events().map((e) => e.id));
      const returns: string[] = [];
      for (const checkout of checkouts) returns.push(await pay(checkout));
      await stripe.flushWebhooks();
      const held = stripe.events().filter((e) => !before.has(e.id));
      expect(held).toHaveLength(3 * PER_ROUND);
      const [results] = await Promise.all([
        Promise.all(checkouts.map((checkout, i) => land(checkout.orderId, returns[i]!))),
        Promise.all(held.map((e) => stripe.replayWebhook(e.id))),
      ]);
      landed.push(...results);
    }
    await expectShopperSeesConfirmed(all, landed);
    expect(all).toHaveLength(ROUNDS * PER_ROUND);
  }, 300_000);

  it('answers the order when the browser comes back as Stripe sends its webhooks, as a shopper meets it', async () => {
    const checkouts: Started[] = [];
    const landed: Landed[] = [];
    for (let i = 0; i < 20; i += 1) {
      const checkout = await startStripeCheckout(`cus_flow_${i}`);
      checkouts.push(checkout);
      // The sandbox sends the webhooks as it redirects; the browser follows at once.
      landed.push(await land(checkout.orderId, await pay(checkout)));
    }
    await h.sandboxes.stripe.flushWebhooks();
    await expectShopperSeesConfirmed(checkouts, landed);
  }, 300_000);
});
