import type Koa from 'koa';
import { closedPageRefusal, escapeHtml, type PageRefusal, pageRoutes, readBody, redirect, sandboxPages, sendHtml } from '../../sandbox-kit/index.js';
import { type SessionRecord, THREE_DECIMAL, ZERO_DECIMAL } from './records.js';
import type { StripeState } from './state.js';
import { STRIPE_TEST_CARDS } from './types.js';

/** The routes of the hosted Checkout page (`/c/pay/{id}`) with Pay and Cancel, and the success/cancel redirects. */
export function stripeHostedPage(state: StripeState) {
  const { publicBaseUrl, current, payNow, declineNow } = state;

  const payable = (ctx: Koa.Context, id: string): SessionRecord | undefined => PAGES.usable(ctx, current(id), NOT_FOUND, notPayable);

  function page(ctx: Koa.Context, id: string): void {
    const s = payable(ctx, id);
    if (s === undefined) return;
    sendHtml(ctx, 200, checkoutPage(s, `${publicBaseUrl}/c/pay/${s.id}`));
  }

  async function confirm(ctx: Koa.Context, id: string): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const s = payable(ctx, id);
    if (s === undefined) return;
    const method = form.get('method') ?? 'card';
    if (method === 'google_pay') {
      // Google Pay hands Stripe a card token: a card payment with `card.wallet.type = google_pay`.
      payNow(s, { wallet: 'google_pay' });
      return redirect(ctx, s.successUrl.split('{CHECKOUT_SESSION_ID}').join(s.id), 303);
    }
    if (method === 'delayed_debit') {
      payNow(s, { delayed: true });
      return redirect(ctx, s.successUrl.split('{CHECKOUT_SESSION_ID}').join(s.id), 303);
    }
    const card = (form.get('card_number') ?? '').replace(/\s+/g, '');
    if (card === STRIPE_TEST_CARDS.declined) {
      declineNow(s);
      return PAGES.errorPage(ctx, 402, 'Your card was declined.', 'Try another card, or go back to the merchant.');
    }
    if (card !== STRIPE_TEST_CARDS.succeeds) {
      return PAGES.errorPage(ctx, 400, 'Your card number is invalid.', `Use the test card ${STRIPE_TEST_CARDS.succeeds} (or ${STRIPE_TEST_CARDS.declined} to see a decline).`);
    }
    payNow(s, {});
    // Stripe documents the {CHECKOUT_SESSION_ID} template for success_url.
    redirect(ctx, s.successUrl.split('{CHECKOUT_SESSION_ID}').join(s.id), 303);
  }

  async function cancel(ctx: Koa.Context, id: string): Promise<void> {
    await readBody(ctx.req);
    const s = payable(ctx, id);
    if (s === undefined) return;
    if (s.cancelUrl === null) return PAGES.errorPage(ctx, 404, 'Nowhere to go back to', 'This session has no cancel_url.');
    // Going back leaves the session open: the shopper may return to it until it expires.
    redirect(ctx, s.cancelUrl, 303);
  }

  return pageRoutes('/c/pay/:id', page, { confirm, cancel });
}

const NOT_FOUND: PageRefusal = { status: 404, title: 'Something went wrong', message: 'The page you were looking for could not be found.' };

function notPayable(s: SessionRecord): PageRefusal | undefined {
  const title = 'This Checkout Session is no longer active';
  return closedPageRefusal(
    { open: s.status === 'open', expired: s.status === 'expired', status: s.status },
    { title, message: 'The session has expired. Please return to the merchant and try again.' },
    { title, noun: 'checkout' },
  );
}

/**
 * `1,299.00 USD`, `500 JPY`, `1.230 KWD`, `5 ISK`: Stripe's amount in Stripe's decimals, which
 * are ISO 4217's except for Stripe's own lists (MGA zero-decimal, ISK counted in hundredths of
 * which only whole krónur are allowed, so shown whole).
 */
export function formatStripeAmount(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return `${amount.toLocaleString('en-US')} ${code}`;
  const decimals = THREE_DECIMAL.has(c) ? 3 : 2;
  const per = 10 ** decimals;
  const minor = amount % per;
  const major = ((amount - minor) / per).toLocaleString('en-US');
  if (c === 'isk' && minor === 0) return `${major} ${code}`;
  return `${major}.${String(minor).padStart(decimals, '0')} ${code}`;
}

function checkoutPage(s: SessionRecord, action: string): string {
  const amount = escapeHtml(formatStripeAmount(s.amountTotal, s.currency));
  return PAGES.layout(
    'Stripe Checkout',
    `<p class="badge">Stripe sandbox · test mode</p>
<h1>Pay ${amount}</h1>
<dl>
  <dt>Items</dt><dd id="product">${escapeHtml(s.productName)}</dd>
  <dt>Total</dt><dd id="amount">${amount}</dd>
  ${s.customerEmail === null ? '' : `<dt>Email</dt><dd id="email">${escapeHtml(s.customerEmail)}</dd>`}
</dl>
<form id="google-pay-form" method="post" action="${escapeHtml(`${action}/confirm`)}">
  <input type="hidden" name="method" value="google_pay">
  <button type="submit" id="google-pay" class="secondary">Pay with Google Pay</button>
</form>
<form id="pay-form" method="post" action="${escapeHtml(`${action}/confirm`)}">
  <label>Payment method
    <select name="method"><option value="card" selected>Card</option><option value="delayed_debit">Bank debit (settles later)</option></select>
  </label>
  <label>Card number <input name="card_number" inputmode="numeric" autocomplete="cc-number" value="${STRIPE_TEST_CARDS.succeeds}"></label>
  <label>Expiry <input name="card_expiry" value="12 / 34"></label>
  <label>CVC <input name="card_cvc" value="123"></label>
  <button type="submit" id="pay">Pay ${amount}</button>
</form>
${
  s.cancelUrl === null
    ? ''
    : `<form id="cancel-form" method="post" action="${escapeHtml(`${action}/cancel`)}">
  <button type="submit" id="cancel" class="secondary">← Back to the merchant</button>
</form>`
}`,
  );
}

export const PAGES = sandboxPages({ background: '#f6f9fc', accent: '#32325d', button: '#635bff', badge: '#ffde92', width: '26rem' });
