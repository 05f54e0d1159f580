import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { razorpaySavedMethods } from '../../adapters/gateways/razorpay/index.js';
import { MikroOrmSavedMethods } from '../../adapters/persistence/mikro-orm-saved-methods.js';
import { makeSavedMethods } from '../../src/payments/api.js';
import { SystemClock } from '../../src/shared/clock.js';
import { workflowIds } from '../../temporal.config.js';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../harness/checkout-harness.js';
import { apiClient } from '../support/api-client.js';
import { cardNumberTraces } from '../support/decrypted-history.js';
import { pressButton, readForm } from '../support/hosted-pages.js';
import { redirectOf, savedMethodCheckout } from './saved-method-drivers.js';
import { browserReturns } from './gateways/drivers.js';

/**
 * Paying again with a card kept at Razorpay (a Customer and its card tokens; paysaga keeps their
 * ids and display data): Checkout opens with the card preselected, the shopper confirms it there
 * (CVV / OTP, as RBI rules require), and the saga waits for the return as for any Razorpay
 * payment — against the Razorpay sandbox, in INR, for real.
 */

let h: GatewayHarness;
let logLines: string[];

// A fresh harness per test: the time-skipping server's clock only moves forward.
beforeEach(async () => {
  logLines = [];
  h = await createGatewayHarness({ logLines, currency: 'INR' });
});

afterEach(async () => {
  await h?.close();
});

const store = () => razorpaySavedMethods.create(h.config.razorpay);
const methods = () =>
  makeSavedMethods({
    repository: new MikroOrmSavedMethods(h.orm),
    gateways: (id) => (id === 'razorpay' ? store() : undefined),
    newId: () => `spm_${Math.random().toString(36).slice(2, 14)}`,
    clock: new SystemClock(),
  });

const checkout = (customerId: string, options: { paymentMethodId?: string; savePaymentMethod?: boolean }) => savedMethodCheckout(h, 'razorpay', customerId, options);

/** The shopper presses a button on Razorpay's page; Checkout posts the signed result back to our return route. */
async function press(pageUrl: string, button: 'pay-form' | 'google-pay-form') {
  const pressed = await pressButton(pageUrl, button);
  if (pressed.status !== 200) throw new Error(`${button} answered ${pressed.status}`);
  const callback = readForm(await pressed.text(), 'callback-form');
  return browserReturns({ url: callback.action, form: callback.fields });
}

const paymentRow = async (orderId: string) =>
  (
    await h.sql<{ status: string; paid_with_brand: string | null; paid_with_last4: string | null; paid_with_wallet: string | null }>(
      "select status, paid_with_brand, paid_with_last4, paid_with_wallet from payments where order_id = ? and gateway = 'razorpay'",
      [orderId],
    )
  )[0]!;

/** A shopper with a card saved by paying a first checkout with savePaymentMethod. */
async function shopperWithSavedCard(customerId: string) {
  const first = await checkout(customerId, { savePaymentMethod: true });
  expect((await press(redirectOf(first.view.paymentAction), 'pay-form')).body.checkoutStatus).toBe('confirmed');
  const [method] = await methods().list(customerId);
  if (method === undefined) throw new Error('no saved method');
  return { first, method };
}

describe('paying with a saved Razorpay card', () => {
  it('keeps the card paid on Checkout with save=1, then pays with it again: Checkout with the card preselected, confirmed', async () => {
    const { first, method } = await shopperWithSavedCard('cus_rzp_saved');
    expect(method).toMatchObject({ gateway: 'razorpay', brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030, isDefault: true });
    expect(method.gatewayMethodId).toMatch(/^token_/);
    expect(method.gatewayCustomerId).toMatch(/^cust_/);
    expect(h.sandboxes.razorpay.tokens(method.gatewayCustomerId).map((t) => t.id)).toStrictEqual([method.gatewayMethodId]);
    expect(await paymentRow(first.orderId)).toMatchObject({ status: 'completed', paid_with_brand: 'visa', paid_with_last4: '1111' });

    // Listed over HTTP for the shopper.
    const { call } = apiClient(h);
    const owner = await h.tokens.issueShopperToken('cus_rzp_saved');
    const listed = (await (await call('GET', '/me/payment-methods', owner)).json()) as { items: { id: string; gateway: string; last4: string }[] };
    expect(listed.items).toMatchObject([{ id: method.id, gateway: 'razorpay', last4: '1111' }]);

    const again = await checkout('cus_rzp_saved', { paymentMethodId: method.id });
    const page = redirectOf(again.view.paymentAction);
    expect(page.startsWith(h.config.razorpay.checkoutUrl)).toBe(true);
    expect(new URL(page).searchParams.get('token')).toBe(method.gatewayMethodId);
    expect(new URL(page).searchParams.get('customer_id')).toBe(method.gatewayCustomerId);
    const html = await (await fetch(page)).text();
    expect(html).toMatch(new RegExp(`id="saved-card".*value="${method.gatewayMethodId}" checked.*Visa •••• 1111`));
    // Nothing is taken until the shopper confirms on Razorpay's page: the saga waits.
    expect((await stateOf(again.handle)).status).toBe('awaiting_payment');

    expect((await press(page, 'pay-form')).body).toMatchObject({ orderId: again.orderId, checkoutStatus: 'confirmed' });
    expect((await again.handle.result()).status).toBe('confirmed');
    const paid = h.sandboxes.razorpay.get((await stateOf(again.handle)).gatewayPaymentId!)!.payments.filter((p) => p.status === 'captured');
    expect(paid.map((p) => p.tokenId)).toStrictEqual([method.gatewayMethodId]);
    expect(await paymentRow(again.orderId)).toMatchObject({ status: 'completed', paid_with_brand: 'visa', paid_with_last4: '1111' });
    // Still one saved method: paying with it again keeps nothing new.
    expect(await methods().list('cus_rzp_saved')).toHaveLength(1);

    // Only ids and display data were kept: no card number in any row, log line or saga history.
    const traces = await cardNumberTraces(h, logLines, [first.orderId, again.orderId].map(workflowIds.checkout));
    expect(logLines.length).toBeGreaterThan(0);
    expect([traces.rows, traces.logs, traces.histories.map((history) => history.hits)]).toStrictEqual([[], [], [[], []]]);
    // The last four, decrypted: the scan reads the real payloads.
    for (const history of traces.histories) expect(history.text).toContain('1111');
  });

  it('removing the method deletes its token at Razorpay', async () => {
    const { method } = await shopperWithSavedCard('cus_rzp_remove');
    const { call } = apiClient(h);
    const owner = await h.tokens.issueShopperToken('cus_rzp_remove');
    expect((await call('DELETE', `/me/payment-methods/${method.id}`, owner)).status).toBe(204);
    expect(h.sandboxes.razorpay.tokens(method.gatewayCustomerId)).toStrictEqual([]);
    expect(await methods().list('cus_rzp_remove')).toStrictEqual([]);
  });

  it("another shopper's saved method is refused as not found, before anything is created", async () => {
    const { method } = await shopperWithSavedCard('cus_rzp_owner');
    const refused = await h.storefront.startCheckout({ customerId: 'cus_rzp_other', items: [{ sku: 'TEA', quantity: 1 }], gateway: 'razorpay', paymentMethodId: method.id });
    expect(refused.ok ? 'started' : refused.error.code).toBe('payments.payment_method_not_found');
    expect(await h.sql("select 1 from orders where customer_id = 'cus_rzp_other'")).toEqual([]);

    const { call } = apiClient(h);
    const other = await h.tokens.issueShopperToken('cus_rzp_other');
    const byOther = await call('POST', '/checkouts', other, { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'razorpay', paymentMethodId: method.id });
    expect(byOther.status).toBe(404);
    expect(((await byOther.json()) as { code: string }).code).toBe('payments.payment_method_not_found');
    expect((await call('DELETE', `/me/payment-methods/${method.id}`, other)).status).toBe(404);
    expect(h.sandboxes.razorpay.tokens(method.gatewayCustomerId)).toHaveLength(1);
  });

  it('Google Pay on Razorpay (UPI): the payment records the wallet, as the admin payments list shows', async () => {
    const started = await checkout('cus_rzp_gpay', {});
    expect((await press(redirectOf(started.view.paymentAction), 'google-pay-form')).body).toMatchObject({ checkoutStatus: 'confirmed' });
    expect(await paymentRow(started.orderId)).toMatchObject({ status: 'completed', paid_with_wallet: 'google_pay', paid_with_last4: null });

    const { call } = apiClient(h);
    const ops = await h.tokens.issueOperatorToken('ops_rzp');
    const page = (await (await call('GET', '/admin/payments?customerId=cus_rzp_gpay', ops)).json()) as { items: { orderId: string; paidWithWallet?: string }[] };
    expect(page.items.map((p) => [p.orderId, p.paidWithWallet])).toStrictEqual([[started.orderId, 'google_pay']]);
    const csv = await (await call('GET', '/admin/payments.csv?customerId=cus_rzp_gpay', ops)).text();
    expect(csv.trim().split('\n').at(-1)).toMatch(/,google_pay$/);
  });
});
