import type Koa from 'koa';
import { appendQuery, closedPageRefusal, escapeHtml, type PageRefusal, pageRoutes, readBody, redirect, rupees, sandboxPages, sendHtml } from '../../sandbox-kit/index.js';
import { type KhaltiState, PAYABLE, type PaymentRecord } from './state.js';
import { KHALTI_TEST_CREDENTIALS } from './types.js';

/** The routes of the hosted payment page (`/?pidx=…`) and its Pay and Cancel, which send the browser back to `return_url` as Khalti does. */
export function khaltiHostedPage(state: KhaltiState) {
  const { publicBaseUrl, current, markCompleted } = state;

  const payable = (ctx: Koa.Context, pidx: string | undefined): PaymentRecord | undefined =>
    PAGES.usable(ctx, pidx === undefined ? undefined : current(pidx), NOT_FOUND, notPayable);

  function page(ctx: Koa.Context): void {
    const pidx = ctx.query['pidx'];
    const p = payable(ctx, typeof pidx === 'string' ? pidx : undefined);
    if (p === undefined) return;
    sendHtml(ctx, 200, checkoutPage(p, publicBaseUrl));
  }

  async function pay(ctx: Koa.Context): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const p = payable(ctx, form.get('pidx') ?? '');
    if (p === undefined) return;
    const mobile = (form.get('mobile') ?? '').trim();
    const ids: readonly string[] = KHALTI_TEST_CREDENTIALS.khaltiIds;
    if (!ids.includes(mobile) || form.get('mpin') !== KHALTI_TEST_CREDENTIALS.mpin) {
      return PAGES.errorPage(ctx, 400, 'Payment failed', 'Invalid Khalti ID or MPIN. Use a test Khalti ID 9800000000–9800000005 with MPIN 1111.');
    }
    markCompleted(p, mobile);
    redirectToMerchant(ctx, p);
  }

  async function cancel(ctx: Koa.Context): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const p = payable(ctx, form.get('pidx') ?? '');
    if (p === undefined) return;
    p.status = 'User canceled';
    redirectToMerchant(ctx, p);
  }

  function redirectToMerchant(ctx: Koa.Context, p: PaymentRecord): void {
    const paid = p.status === 'Completed';
    const params: [string, string][] = [
      ['pidx', p.pidx],
      ['txnId', paid ? (p.txnId ?? '') : ''],
      ['amount', String(p.amount)],
      ['total_amount', String(p.totalAmount)],
      ['status', p.status],
      ['mobile', paid && p.mobile !== null ? maskMobile(p.mobile) : ''],
      ['tidx', paid ? (p.transactionId ?? '') : ''],
      ['purchase_order_id', p.purchaseOrderId],
      ['purchase_order_name', p.purchaseOrderName],
      ['transaction_id', paid ? (p.transactionId ?? '') : ''],
      ...Object.entries(p.merchantExtras).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ];
    redirect(ctx, appendQuery(p.returnUrl, params));
  }

  return pageRoutes('/', page, { pay, cancel });
}

const NOT_FOUND: PageRefusal = { status: 404, title: 'Payment not found', message: 'This payment link is not valid.' };

function notPayable(p: PaymentRecord): PageRefusal | undefined {
  return closedPageRefusal(
    { open: PAYABLE.has(p.status), expired: p.status === 'Expired', status: p.status },
    { title: 'Payment link expired', message: 'This payment link has expired. Please return to the merchant and try again.' },
    { title: 'Payment not available', noun: 'payment' },
  );
}

function maskMobile(mobile: string): string {
  return mobile.length < 6 ? mobile : `${mobile.slice(0, 2)}${'X'.repeat(mobile.length - 5)}${mobile.slice(-3)}`;
}

function checkoutPage(p: PaymentRecord, publicBaseUrl: string): string {
  const pidx = escapeHtml(p.pidx);
  return PAGES.layout(
    'Khalti Payment',
    `<p class="badge">Khalti sandbox</p>
<h1>Pay with Khalti</h1>
<dl>
  <dt>Merchant order</dt><dd id="order-name">${escapeHtml(p.purchaseOrderName)}</dd>
  <dt>Amount</dt><dd id="amount">${escapeHtml(rupees(p.amount))}</dd>
</dl>
<form id="pay-form" method="post" action="${escapeHtml(`${publicBaseUrl}/pay`)}">
  <input type="hidden" name="pidx" value="${pidx}">
  <label>Khalti ID <input name="mobile" inputmode="numeric" value="${KHALTI_TEST_CREDENTIALS.khaltiIds[0]}"></label>
  <label>Khalti MPIN <input name="mpin" type="password" inputmode="numeric" value="${KHALTI_TEST_CREDENTIALS.mpin}"></label>
  <button type="submit" id="pay">Pay ${escapeHtml(rupees(p.amount))}</button>
</form>
<form id="cancel-form" method="post" action="${escapeHtml(`${publicBaseUrl}/cancel`)}">
  <input type="hidden" name="pidx" value="${pidx}">
  <button type="submit" id="cancel" class="secondary">Cancel</button>
</form>`,
  );
}

export const PAGES = sandboxPages({ background: '#f4f1f8', accent: '#5c2d91', button: '#5c2d91' });
