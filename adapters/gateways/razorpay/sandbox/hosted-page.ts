import { createHmac } from 'node:crypto';
import type Koa from 'koa';
import { minorUnitExponent } from '../../../../src/shared/money.js';
import { appendQuery, escapeHtml, isHttpUrl, readBody, redirect, type SandboxRoute, sameSecret, sandboxPages, sendHtml } from '../../sandbox-kit/index.js';
import { type CardRecord, type OrderRecord, unix } from './entities.js';
import { GOOGLE_PAY_VPA, type RazorpayState } from './state.js';

/**
 * The routes of the hosted page standing in for the Checkout widget (`/v1/checkout/embedded`, read
 * or posted to), with Pay, Fail and Cancel returning to `callback_url` like Checkout's redirect
 * flow, with the same signed fields.
 */
export function razorpayHostedPage(state: RazorpayState): readonly SandboxRoute[] {
  const { options, now, publicBaseUrl, orders, tokens, pay, fail, cancelAttempt, checkoutCard } = state;

  /** Checkout's options, from the page's query (GET) or form (POST, as Razorpay's own hosted checkout takes them). */
  function checkoutOptions(
    fields: URLSearchParams,
  ): { order: OrderRecord; callbackUrl: string; callbackMethod: 'get' | 'post'; expireBy?: number } | { error: [number, string, string] } {
    const keyId = fields.get('key_id') ?? '';
    if (!sameSecret(keyId, options.keyId)) return { error: [401, 'Invalid key', 'The key_id does not belong to this merchant.'] };
    const order = orders.get(fields.get('order_id') ?? '');
    if (order === undefined) return { error: [404, 'Order not found', 'The order_id is not valid.'] };
    const callbackUrl = fields.get('callback_url') ?? '';
    if (!isHttpUrl(callbackUrl)) return { error: [400, 'Invalid callback_url', 'callback_url must be an http(s) URL.'] };
    const method = (fields.get('callback_method') ?? 'post').toLowerCase();
    if (method !== 'get' && method !== 'post') return { error: [400, 'Invalid callback_method', 'callback_method must be get or post.'] };
    const expireByText = fields.get('expire_by');
    const expireBy = expireByText === null || expireByText === '' ? undefined : Number(expireByText);
    if (expireBy !== undefined && !Number.isSafeInteger(expireBy)) return { error: [400, 'Invalid expire_by', 'expire_by must be a Unix time in seconds.'] };
    if (expireBy !== undefined && unix(now()) >= expireBy) order.checkoutExpired = order.status !== 'paid' || order.checkoutExpired;
    return { order, callbackUrl, callbackMethod: method, ...(expireBy !== undefined && { expireBy }) };
  }

  function refusal(o: OrderRecord): [number, string, string] | undefined {
    if (o.status === 'paid') return [409, 'Order already paid', 'This order has already been paid.'];
    if (o.checkoutExpired) return [410, 'Payment time expired', 'The time to complete this payment is over. Please return to the merchant and try again.'];
    return undefined;
  }

  async function page(ctx: Koa.Context): Promise<void> {
    const fields = ctx.method === 'POST' ? new URLSearchParams(await readBody(ctx.req)) : new URLSearchParams(ctx.querystring);
    const checked = checkoutOptions(fields);
    if ('error' in checked) return PAGES.errorPage(ctx, ...checked.error);
    const refused = refusal(checked.order);
    if (refused !== undefined) return PAGES.errorPage(ctx, ...refused);
    const tokenId = fields.get('token');
    const saved = tokenId === null || tokenId === '' ? undefined : tokens.get(tokenId);
    if (tokenId !== null && tokenId !== '' && (saved === undefined || saved.customerId !== fields.get('customer_id'))) {
      return PAGES.errorPage(ctx, 400, 'Saved card not found', 'The saved card is not one of this customer’s.');
    }
    sendHtml(ctx, 200, checkoutPage(checked.order, fields, publicBaseUrl, saved?.card));
  }

  /** What Pay pays with: a card when Checkout was opened for a customer (a saved one preselected, or one to save), else UPI. */
  function payment(order: OrderRecord, fields: URLSearchParams, action: 'pay' | 'google-pay') {
    if (action === 'google-pay') return pay(order, { method: 'upi', vpa: GOOGLE_PAY_VPA });
    const customerId = fields.get('customer_id') || undefined;
    const tokenId = fields.get('token') || undefined;
    if (customerId === undefined && tokenId === undefined) return pay(order);
    return pay(order, { card: checkoutCard(customerId, { ...(tokenId !== undefined && { tokenId }), save: fields.get('save') === '1' }) });
  }

  async function button(ctx: Koa.Context, action: 'pay' | 'google-pay' | 'fail' | 'cancel'): Promise<void> {
    const fields = new URLSearchParams(await readBody(ctx.req));
    const checked = checkoutOptions(fields);
    if ('error' in checked) return PAGES.errorPage(ctx, ...checked.error);
    const { order, callbackUrl, callbackMethod } = checked;
    const refused = refusal(order);
    if (refused !== undefined) return PAGES.errorPage(ctx, ...refused);
    let result: [string, string][];
    if (action === 'pay' || action === 'google-pay') {
      const p = payment(order, fields, action);
      const signature = createHmac('sha256', options.keySecret).update(`${order.id}|${p.id}`).digest('hex');
      result = [
        ['razorpay_payment_id', p.id],
        ['razorpay_order_id', order.id],
        ['razorpay_signature', signature],
      ];
    } else {
      const p = action === 'cancel' ? cancelAttempt(order) : fail(order, 'payment_failed', 'Payment failed', 'payment_authorization');
      result = [
        ['error[code]', p.errorCode ?? ''],
        ['error[description]', p.errorDescription ?? ''],
        ['error[source]', p.errorSource ?? ''],
        ['error[step]', p.errorStep ?? ''],
        ['error[reason]', p.errorReason ?? ''],
        ['error[metadata]', JSON.stringify({ payment_id: p.id, order_id: order.id })],
      ];
    }
    if (callbackMethod === 'get') return redirect(ctx, appendQuery(callbackUrl, result));
    sendHtml(ctx, 200, callbackForm(callbackUrl, result));
  }

  return [
    { path: '/v1/checkout/embedded', method: 'page', handle: page },
    { path: '/v1/checkout/embedded', method: 'POST', handle: page },
    ...(['pay', 'google-pay', 'fail', 'cancel'] as const).map((action): SandboxRoute => ({ path: `/v1/checkout/${action}`, method: 'POST', handle: (ctx) => button(ctx, action) })),
  ];
}

/** `₹1,299.00` for INR; `USD 12.50`, `JPY 1,000`, `KWD 1.230` otherwise: the ISO 4217 decimals. */
export function displayAmount(amount: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const per = 10 ** exponent;
  const minor = amount % per;
  const major = ((amount - minor) / per).toLocaleString(currency === 'INR' ? 'en-IN' : 'en-US');
  const text = exponent === 0 ? major : `${major}.${String(minor).padStart(exponent, '0')}`;
  return currency === 'INR' ? `₹${text}` : `${currency} ${text}`;
}

/** The fields every button posts: Checkout's options as the page received them. */
const CARRIED = ['key_id', 'order_id', 'callback_url', 'callback_method', 'expire_by', 'customer_id', 'save', 'token'] as const;

function checkoutPage(o: OrderRecord, fields: URLSearchParams, publicBaseUrl: string, saved: CardRecord | undefined): string {
  const hidden = CARRIED.map((name) => {
    const value = fields.get(name);
    return value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  }).join('\n  ');
  const form = (id: string, action: string, label: string, cls = '') =>
    `<form id="${id}" method="post" action="${escapeHtml(`${publicBaseUrl}/v1/checkout/${action}`)}">
  ${hidden}
  <button type="submit" id="${action}"${cls === '' ? '' : ` class="${cls}"`}>${escapeHtml(label)}</button>
</form>`;
  const name = fields.get('name');
  const description = fields.get('description');
  const savedCard =
    saved === undefined
      ? ''
      : `<p id="saved-card"><label><input type="radio" name="saved-card" value="${escapeHtml(fields.get('token') ?? '')}" checked> ${escapeHtml(saved.network)} •••• ${escapeHtml(saved.last4)}, saved: enter its CVV to pay</label></p>`;
  const consent = fields.get('save') === '1' && saved === undefined ? '<p id="save-consent">Save this card securely with Razorpay for faster payments next time.</p>' : '';
  const payLabel = saved === undefined ? `Pay ${displayAmount(o.amount, o.currency)}` : `Pay ${displayAmount(o.amount, o.currency)} with ${saved.network} •••• ${saved.last4}`;
  const prefill = ['prefill[name]', 'prefill[email]', 'prefill[contact]'].map((k) => fields.get(k)).filter((v): v is string => v !== null && v !== '');
  return PAGES.layout(
    'Razorpay Checkout',
    `<p class="badge">Razorpay sandbox · test mode</p>
<h1>${escapeHtml(name ?? 'Pay with Razorpay')}</h1>
<dl>
  ${description === null ? '' : `<dt>Description</dt><dd id="description">${escapeHtml(description)}</dd>`}
  <dt>Order</dt><dd id="order-id">${escapeHtml(o.id)}</dd>
  <dt>Amount</dt><dd id="amount">${escapeHtml(displayAmount(o.amount, o.currency))}</dd>
  ${prefill.length === 0 ? '' : `<dt>Paying as</dt><dd id="prefill">${escapeHtml(prefill.join(' · '))}</dd>`}
</dl>
${savedCard}
${consent}
${form('pay-form', 'pay', payLabel)}
${form('google-pay-form', 'google-pay', 'Pay with Google Pay (UPI)', 'secondary')}
${form('fail-form', 'fail', 'Simulate a failed payment', 'secondary')}
${form('cancel-form', 'cancel', 'Cancel', 'secondary')}`,
  );
}

/** Checkout's redirect flow: the browser POSTs the result to `callback_url`. */
function callbackForm(callbackUrl: string, fields: readonly (readonly [string, string])[]): string {
  const inputs = fields.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('\n  ');
  return PAGES.layout(
    'Returning to the merchant',
    `<p>Returning to the merchant…</p>
<form id="callback-form" method="post" action="${escapeHtml(callbackUrl)}">
  ${inputs}
  <noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.getElementById('callback-form').submit();</script>`,
  );
}

export const PAGES = sandboxPages({ background: '#eef2fb', accent: '#072654', button: '#3395ff' });
