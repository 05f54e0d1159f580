import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stripeSavedMethods } from '../../adapters/gateways/stripe/index.js';
import { MikroOrmCheckoutStore } from '../../adapters/persistence/mikro-orm-checkout-store.js';
import { MikroOrmSavedMethods } from '../../adapters/persistence/mikro-orm-saved-methods.js';
import { makeSavedMethods } from '../../src/payments/api.js';
import { SystemClock } from '../../src/shared/clock.js';
import { workflowIds } from '../../temporal.config.js';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../harness/checkout-harness.js';
import { cardNumberTraces } from '../support/decrypted-history.js';
import { pressButton } from '../support/hosted-pages.js';
import { apiClient } from '../support/api-client.js';
import { redirectOf, savedMethodCheckout } from './saved-method-drivers.js';
import { browserReturns, shopper } from './gateways/drivers.js';

/**
 * Paying again in one tap: a card kept at Stripe (a Customer and its PaymentMethods; paysaga keeps
 * their ids and display data) is charged off-session inside the saga, with the bank's
 * authentication when it asks for it — against the Stripe sandbox, for real.
 */

let h: GatewayHarness;
let logLines: string[];

// A fresh harness per test: the time-skipping server's clock only moves forward.
beforeEach(async () => {
  logLines = [];
  h = await createGatewayHarness({ logLines });
});

afterEach(async () => {
  await h?.close();
});

const methods = () =>
  makeSavedMethods({
    repository: new MikroOrmSavedMethods(h.orm),
    gateways: (id) => (id === 'stripe' ? stripeSavedMethods.create(h.config.stripe) : undefined),
    newId: () => `spm_${Math.random().toString(36).slice(2, 14)}`,
    clock: new SystemClock(),
  });

/** One of Stripe's test cards, attached to the shopper's Stripe Customer and kept as a saved method. */
async function savedCard(customerId: string, testId: string): Promise<string> {
  const customer = await methods().gatewayCustomerFor(customerId, 'stripe');
  if (!customer.ok) throw new Error(customer.error.message);
  const attached = await fetch(`${h.config.stripe.apiBaseUrl}/v1/payment_methods/${testId}/attach`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.config.stripe.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ customer: customer.value }),
  });
  const { id } = (await attached.json()) as { id: string };
  const [details] = (await stripeSavedMethods.create(h.config.stripe).methodsOf(customer.value)).filter((m) => m.gatewayMethodId === id);
  const recorded = await methods().recordSaved(customerId, 'stripe', details!);
  if (!recorded.ok) throw new Error(recorded.error.message);
  return recorded.value.id;
}

const checkout = (customerId: string, options: { paymentMethodId?: string; savePaymentMethod?: boolean; walletAmountMinor?: number }) =>
  savedMethodCheckout(h, 'stripe', customerId, options);

const paymentRow = async (orderId: string) =>
  (
    await h.sql<{ status: string; paid_with_brand: string | null; paid_with_last4: string | null }>(
      "select status, paid_with_brand, paid_with_last4 from payments where order_id = ? and gateway = 'stripe'",
      [orderId],
    )
  )[0]!;

const walletBalance = async (customerId: string) => (await new MikroOrmCheckoutStore(h.orm).read((r) => r.wallet.balance(customerId, 'NPR'))).amountMinor;

describe('paying with a saved Stripe card', () => {
  it('keeps the card paid on the hosted page, then pays with it again off-session: straight back to the return page, confirmed', async () => {
    const first = await checkout('cus_saved_visa', { savePaymentMethod: true });
    const paid = await browserReturns(await shopper(h, 'stripe', { action: first.view.paymentAction! }, 'pay'));
    expect(paid.body.checkoutStatus).toBe('confirmed');

    const kept = await methods().list('cus_saved_visa');
    expect(kept).toMatchObject([{ gateway: 'stripe', brand: 'visa', last4: '4242', isDefault: true }]);

    const again = await checkout('cus_saved_visa', { paymentMethodId: kept[0]!.id });
    const back = redirectOf(again.view.paymentAction);
    expect(back.startsWith(`${h.config.http.publicBaseUrl}/payments/stripe/return`)).toBe(true);
    expect((await browserReturns({ url: back })).body).toMatchObject({ orderId: again.orderId, checkoutStatus: 'confirmed' });
    expect((await again.handle.result()).status).toBe('confirmed');
    expect(await paymentRow(again.orderId)).toEqual({ status: 'completed', paid_with_brand: 'visa', paid_with_last4: '4242' });
    // Only ids and display data were kept: no card number in any row, log line or saga history.
    const traces = await cardNumberTraces(h, logLines, [first.orderId, again.orderId].map(workflowIds.checkout));
    expect(logLines.length).toBeGreaterThan(0);
    expect([traces.rows, traces.logs, traces.histories.map((history) => history.hits)]).toStrictEqual([[], [], [[], []]]);
    // The last four, decrypted: the scan reads the real payloads.
    for (const history of traces.histories) expect(history.text).toContain('4242');
  });

  it('a declined card cancels the checkout with payment_failed and gives the wallet part back', async () => {
    const method = await savedCard('cus_saved_declined', 'pm_card_chargeDeclined');
    await new MikroOrmCheckoutStore(h.orm).transaction((r) =>
      r.wallet.append({
        customerId: 'cus_saved_declined',
        kind: 'top_up',
        amount: { amountMinor: 20_000, currency: 'NPR' },
        reason: 'test top-up',
        idempotencyKey: 'top-up-declined',
      }),
    );
    const started = await checkout('cus_saved_declined', { paymentMethodId: method, walletAmountMinor: 10_000 });

    const final = await started.handle.result();
    expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_failed' });
    expect(await walletBalance('cus_saved_declined')).toBe(20_000);
    expect((await paymentRow(started.orderId)).status).toBe('failed');
  });

  it('when the bank asks for authentication, the checkout answers with its page; completing it confirms the order', async () => {
    const method = await savedCard('cus_saved_3ds', 'pm_card_authenticationRequired');
    const started = await checkout('cus_saved_3ds', { paymentMethodId: method });
    const bankPage = redirectOf(started.view.paymentAction);
    expect(bankPage).toContain('/3ds/');
    expect((await stateOf(started.handle)).status).toBe('awaiting_payment');

    const pressed = await pressButton(bankPage, 'complete-form');
    const back = pressed.headers.get('location')!;
    expect((await browserReturns({ url: back })).body).toMatchObject({ checkoutStatus: 'confirmed' });
    expect((await started.handle.result()).status).toBe('confirmed');
  });

  it('when the shopper never completes the authentication, the checkout expires with nothing taken', async () => {
    const method = await savedCard('cus_saved_3ds_gone', 'pm_card_authenticationRequired');
    const started = await checkout('cus_saved_3ds_gone', { paymentMethodId: method });
    expect(redirectOf(started.view.paymentAction)).toContain('/3ds/');

    const final = await started.handle.result();
    expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
    expect(await h.sql('select 1 from payment_verifications where order_id = ?', [started.orderId])).toEqual([]);
  });

  it('Google Pay on the hosted page: the payment records the wallet it came through', async () => {
    const started = await checkout('cus_google_pay', {});
    const pressed = await pressButton(redirectOf(started.view.paymentAction), 'google-pay-form');
    expect((await browserReturns({ url: pressed.headers.get('location')! })).body).toMatchObject({ checkoutStatus: 'confirmed' });
    expect(await h.sql("select paid_with_wallet from payments where order_id = ? and gateway = 'stripe'", [started.orderId])).toEqual([{ paid_with_wallet: 'google_pay' }]);
  });

  it("another shopper's saved method is refused as not found, before anything is created", async () => {
    const method = await savedCard('cus_saved_owner', 'pm_card_visa');
    const refused = await h.storefront.startCheckout({ customerId: 'cus_saved_other', items: [{ sku: 'TEA', quantity: 1 }], gateway: 'stripe', paymentMethodId: method });
    expect(refused.ok ? 'started' : refused.error.code).toBe('payments.payment_method_not_found');
    expect(await h.sql("select 1 from orders where customer_id = 'cus_saved_other'")).toEqual([]);

    // Over HTTP, through the composition root with Stripe's store: the owner sees it, the other shopper gets 404s.
    const { call } = apiClient(h);
    const owner = await h.tokens.issueShopperToken('cus_saved_owner');
    const other = await h.tokens.issueShopperToken('cus_saved_other');
    expect(((await (await call('GET', '/me/payment-methods', owner)).json()) as { items: { id: string }[] }).items.map((m) => m.id)).toEqual([method]);
    expect(((await (await call('GET', '/me/payment-methods', other)).json()) as { items: unknown[] }).items).toEqual([]);
    const byOther = await call('POST', '/checkouts', other, { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'stripe', paymentMethodId: method });
    expect(byOther.status).toBe(404);
    expect(((await byOther.json()) as { code: string }).code).toBe('payments.payment_method_not_found');
    expect((await call('DELETE', `/me/payment-methods/${method}`, other)).status).toBe(404);
    expect((await call('DELETE', `/me/payment-methods/${method}`, owner)).status).toBe(204);
    expect(h.sandboxes.stripe.paymentMethods().find((pm) => pm.customer !== undefined && pm.customer !== null)).toBeUndefined();
  });
});
