import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStripePayload } from '../../../adapters/gateways/stripe/sandbox.js';
import { DEMO_SECRETS } from '../../../src/config.js';
import { paymentCallbackSignal } from '../../../workflows/checkout/messages.js';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../../harness/checkout-harness.js';
import { startCheckout, until } from '../../workflows/gateways/drivers.js';
import { parsePrometheusText, sampleSum, type Sample } from '../../support/prometheus-text.js';

// The dev server, not the time-skipping one: parked sagas are counted through Temporal's visibility.
let h: GatewayHarness;
let shopper: string;

beforeAll(async () => {
  h = await createGatewayHarness({ temporal: 'dev-server' });
  // The Stripe sandbox signs its webhooks but sends none: the test posts them, twice.
  h.sandboxes.stripe.dropNextWebhooks(10_000);
  shopper = await h.tokens.issueShopperToken('cus_metrics_1');
}, 180_000);

afterAll(async () => {
  await h?.close();
});

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${h.apiUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

/** Scrapes until `settled` holds (gauges read Temporal's visibility, which lags a little). */
async function scrapeUntil(settled: (samples: Sample[]) => boolean): Promise<Sample[]> {
  let samples = await scrape();
  for (let i = 0; i < 100 && !settled(samples); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    samples = await scrape();
  }
  return samples;
}

const postWebhook = (body: string, headers: Record<string, string>) => fetch(`${h.apiUrl}/webhooks/stripe`, { method: 'POST', headers, body });
const stripeHeaders = (body: string) => ({
  'content-type': 'application/json; charset=utf-8',
  'stripe-signature': signStripePayload(body, DEMO_SECRETS.stripe.webhookSecret, Math.floor(Date.now() / 1000)),
});

describe('GET /metrics', () => {
  it('counts a Khalti checkout through the API: its requests by route, the gateway calls, the payment and its confirmation', async () => {
    const before = await scrape();
    const created = await fetch(`${h.apiUrl}/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shopper}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' }),
    });
    expect(created.status).toBe(201);
    const { orderId, redirectUrl } = (await created.json()) as { orderId: string; redirectUrl: string };
    const during = await scrape();
    expect(sampleSum(during, 'paysaga_open_checkouts', { status: 'pending_payment', gateway: 'khalti', age: 'under_5m' })).toBe(
      sampleSum(before, 'paysaga_open_checkouts', { status: 'pending_payment', gateway: 'khalti', age: 'under_5m' }) + 1,
    );

    const query = await h.pay(new URL(redirectUrl).searchParams.get('pidx')!);
    const landed = await fetch(`${h.apiUrl}/payments/khalti/return?${query}`);
    expect(((await landed.json()) as { checkoutStatus: string }).checkoutStatus).toBe('confirmed');
    await h.env.client.workflow.getHandle(`checkout-${orderId}`).result();
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string>) => sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(moved('paysaga_http_requests_total', { method: 'POST', route: '/checkouts', status: '201' })).toBe(1);
    expect(moved('paysaga_http_requests_total', { method: 'GET', route: '/payments/:gateway/return', status: '200' })).toBe(1);
    expect(moved('paysaga_http_request_duration_seconds_count', { method: 'POST', route: '/checkouts' })).toBe(1);
    expect(moved('paysaga_payments_total', { gateway: 'khalti', status: 'completed' })).toBe(1);
    expect(moved('paysaga_checkout_confirmation_seconds_count', { gateway: 'khalti' })).toBe(1);
    expect(moved('paysaga_gateway_calls_total', { gateway: 'khalti', endpoint: 'initiate', outcome: 'ok' })).toBe(1);
    expect(moved('paysaga_gateway_calls_total', { gateway: 'khalti', endpoint: 'lookup', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(moved('paysaga_open_checkouts', { status: 'pending_payment', gateway: 'khalti' })).toBe(0);
    // No series names an order: the raw path and the ids stay out of every label.
    expect(after.some((sample) => Object.values(sample.labels).some((value) => value.includes(orderId)))).toBe(false);
    expect(after.some((sample) => sample.labels['route']?.includes('/payments/khalti/'))).toBe(false);
  });

  it('counts a Stripe webhook verified once, then as a duplicate, and a forged one as an invalid signature', async () => {
    const checkout = await startCheckout(h, 'stripe', [{ sku: 'TEA', quantity: 1 }], 'cus_metrics_2');
    h.sandboxes.stripe.pay(checkout.gatewayPaymentId);
    const event = h.sandboxes.stripe.events().find((e) => e.type === 'checkout.session.completed' && e.body.includes(checkout.gatewayPaymentId))!;
    const before = await scrape();

    expect((await postWebhook(event.body, stripeHeaders(event.body))).status).toBe(200);
    await until(checkout.handle, (s) => s.status === 'confirmed', 'confirmed');
    expect((await postWebhook(event.body, stripeHeaders(event.body))).status).toBe(200);
    const forged = await postWebhook(event.body, { 'content-type': 'application/json', 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string>) => sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(moved('paysaga_webhooks_total', { gateway: 'stripe', outcome: 'verified' })).toBe(1);
    expect(moved('paysaga_webhooks_total', { gateway: 'stripe', outcome: 'duplicate' })).toBe(1);
    expect(moved('paysaga_webhooks_total', { gateway: 'stripe', outcome: 'invalid_signature' })).toBe(1);
    expect(moved('paysaga_webhooks_total', { gateway: 'stripe', outcome: 'unmatched' })).toBe(0);
    expect(moved('paysaga_http_requests_total', { method: 'POST', route: '/webhooks/:gateway', status: '401' })).toBe(1);
    expect(moved('paysaga_http_requests_total', { method: 'POST', route: '/webhooks/:gateway', status: '200' })).toBe(2);
    expect(moved('paysaga_payments_total', { gateway: 'stripe', status: 'completed' })).toBe(1);
  });

  it('counts a saga parked on an amount mismatch, and the verification failure that parked it', async () => {
    const before = await scrape();
    expect(sampleSum(before, 'paysaga_metrics_source_up', { source: 'temporal_visibility' })).toBe(1);
    const handle = await h.startSaga(h.order([{ sku: 'TEA', quantity: 1 }], 'cus_metrics_3'));
    const state = await stateOf(handle);
    h.sandbox.control.complete(state.gatewayPaymentId!, { totalAmount: 45_000 - 100 });
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: state.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
    await until(handle, (s) => s.status === 'needs_attention', 'needs_attention');

    const parked = sampleSum(before, 'paysaga_parked_sagas', { saga: 'checkout' }) + 1;
    const after = await scrapeUntil((samples) => sampleSum(samples, 'paysaga_parked_sagas', { saga: 'checkout' }) === parked);

    expect(sampleSum(after, 'paysaga_parked_sagas', { saga: 'checkout' })).toBe(parked);
    const moved = (name: string, labels: Record<string, string>) => sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(moved('paysaga_verification_failures_total', { gateway: 'khalti', reason: 'payments.amount_mismatch' })).toBe(1);
    expect(moved('paysaga_payments_total', { gateway: 'khalti' })).toBe(0);
    expect(sampleSum(after, 'paysaga_open_checkouts', { status: 'pending_payment', gateway: 'khalti' })).toBeGreaterThanOrEqual(1);
  });

  it('reports the kill switch per gateway and the outbox backlog from PostgreSQL', async () => {
    const operator = await h.tokens.issueOperatorToken('ops_metrics');
    const switched = await fetch(`${h.apiUrl}/admin/gateways/esewa`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false, reason: 'eSewa incident' }),
    });
    expect(switched.status).toBe(200);
    const samples = await scrape();
    expect(sampleSum(samples, 'paysaga_gateway_enabled', { gateway: 'esewa' })).toBe(0);
    expect(sampleSum(samples, 'paysaga_gateway_enabled', { gateway: 'khalti' })).toBe(1);
    const [row] = await h.sql<{ n: string }>(`select count(*)::text as n from notification_outbox where status in ('pending', 'sending', 'parked')`);
    expect(sampleSum(samples, 'paysaga_notification_outbox_backlog')).toBe(Number(row!.n));
    for (const source of ['orders', 'refunds', 'outbox', 'gateway_switches', 'parked_sagas']) expect(sampleSum(samples, 'paysaga_metrics_source_up', { source })).toBe(1);
  });
});
