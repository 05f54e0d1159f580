import type Koa from 'koa';
import { closedPageRefusal, escapeHtml, type PageRefusal, pageRoutes, readBody, redirect, rupees, sandboxPages, sendHtml } from '../../sandbox-kit/index.js';
import type { EsewaState, PaymentRecord } from './state.js';
import { ESEWA_TEST_CREDENTIALS } from './types.js';

/** The routes of the hosted page a posted form opens (`/checkout?session=…`), with Pay (the signed success redirect) and Cancel (the failure URL). */
export function esewaHostedPage(state: EsewaState) {
  const { publicBaseUrl, sessions, current, markComplete, successUrl } = state;

  /** The open payment of a hosted-page session; else answers the error page and returns undefined. */
  function bySession(ctx: Koa.Context, session: string | undefined): PaymentRecord | undefined {
    const uuid = session === undefined ? undefined : sessions.get(session);
    return PAGES.usable(ctx, uuid === undefined ? undefined : current(uuid), NO_SESSION, notPayable);
  }

  function page(ctx: Koa.Context): void {
    const session = ctx.query['session'];
    const p = bySession(ctx, typeof session === 'string' ? session : undefined);
    if (p === undefined) return;
    sendHtml(ctx, 200, checkoutPage(p, publicBaseUrl));
  }

  async function pay(ctx: Koa.Context): Promise<void> {
    const f = new URLSearchParams(await readBody(ctx.req));
    const p = bySession(ctx, f.get('session') ?? undefined);
    if (p === undefined) return;
    const esewaId = (f.get('esewa_id') ?? '').trim();
    const ids: readonly string[] = ESEWA_TEST_CREDENTIALS.esewaIds;
    if (!ids.includes(esewaId) || f.get('password') !== ESEWA_TEST_CREDENTIALS.password || f.get('token') !== ESEWA_TEST_CREDENTIALS.token) {
      return PAGES.errorPage(ctx, 400, 'Payment failed', 'Invalid eSewa ID, password or token. Use 9806800001–9806800005, Nepal@123, token 123456.');
    }
    markComplete(p, esewaId);
    redirect(ctx, successUrl(p));
  }

  async function cancel(ctx: Koa.Context): Promise<void> {
    const f = new URLSearchParams(await readBody(ctx.req));
    const p = bySession(ctx, f.get('session') ?? undefined);
    if (p === undefined) return;
    p.status = 'CANCELED';
    redirect(ctx, p.failureUrl);
  }

  return pageRoutes('/checkout', page, { pay, cancel });
}

const NO_SESSION: PageRefusal = { status: 404, title: 'Session not found', message: 'This payment session is not valid.' };

function notPayable(p: PaymentRecord): PageRefusal | undefined {
  return closedPageRefusal(
    { open: p.status === 'PENDING', expired: p.status === 'NOT_FOUND', status: p.status },
    { title: 'Session expired', message: 'This payment session has expired. Please return to the merchant and try again.' },
    { title: 'Payment not available', noun: 'payment' },
  );
}

function checkoutPage(p: PaymentRecord, publicBaseUrl: string): string {
  const session = escapeHtml(p.session);
  const total = escapeHtml(rupees(p.totalPaisa));
  return PAGES.layout(
    'eSewa Payment',
    `<p class="badge">eSewa sandbox</p>
<h1>Pay with eSewa</h1>
<dl>
  <dt>Merchant</dt><dd id="product-code">${escapeHtml(p.productCode)}</dd>
  <dt>Transaction</dt><dd id="transaction-uuid">${escapeHtml(p.transactionUuid)}</dd>
  <dt>Total</dt><dd id="amount">${total}</dd>
</dl>
<form id="pay-form" method="post" action="${escapeHtml(`${publicBaseUrl}/checkout/pay`)}">
  <input type="hidden" name="session" value="${session}">
  <label>eSewa ID <input name="esewa_id" inputmode="numeric" value="${ESEWA_TEST_CREDENTIALS.esewaIds[0]}"></label>
  <label>Password <input name="password" type="password" value="${escapeHtml(ESEWA_TEST_CREDENTIALS.password)}"></label>
  <label>Token <input name="token" inputmode="numeric" value="${ESEWA_TEST_CREDENTIALS.token}"></label>
  <button type="submit" id="pay">Pay ${total}</button>
</form>
<form id="cancel-form" method="post" action="${escapeHtml(`${publicBaseUrl}/checkout/cancel`)}">
  <input type="hidden" name="session" value="${session}">
  <button type="submit" id="cancel" class="secondary">Cancel</button>
</form>`,
  );
}

export const PAGES = sandboxPages({ background: '#eef7ea', accent: '#41a124', button: '#41a124' });
