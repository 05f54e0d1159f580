import type Koa from 'koa';
import { appendQuery, closedPageRefusal, escapeHtml, type PageRefusal, pageRoutes, readBody, redirect, sandboxPages, sendHtml } from '../../sandbox-kit/index.js';
import { OPEN, type OrderRecord } from './records.js';
import type { PayPalState } from './state.js';
import { PAYPAL_SANDBOX_BUYER } from './types.js';
import type { PayPalWebhooks } from './webhooks.js';

/** The routes of the approval page (`/checkoutnow?token=…`) with Approve, back to `return_url`, and Cancel, back to `cancel_url`. */
export function paypalHostedPage(state: PayPalState, webhooks: PayPalWebhooks) {
  const { publicBaseUrl, current, markApproved } = state;
  const { emit } = webhooks;

  function page(ctx: Koa.Context): void {
    const token = ctx.query['token'];
    const o = PAGES.usable(ctx, typeof token === 'string' ? current(token) : undefined, NOT_FOUND, notApprovable);
    if (o === undefined) return;
    sendHtml(ctx, 200, approvalPage(o, publicBaseUrl));
  }

  async function decide(ctx: Koa.Context, choice: 'approve' | 'cancel'): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const o = PAGES.usable(ctx, current(form.get('token') ?? ''), NOT_FOUND, notApprovable);
    if (o === undefined) return;
    if (choice === 'approve') {
      if (markApproved(o)) void emit(o, 'CHECKOUT.ORDER.APPROVED');
      if (o.returnUrl === undefined) return sendHtml(ctx, 200, PAGES.layout('Approved', '<h1>Payment approved</h1><p>You can close this window.</p>'));
      return redirect(
        ctx,
        appendQuery(o.returnUrl, [
          ['token', o.id],
          ['PayerID', o.payer?.payerId ?? ''],
        ]),
      );
    }
    o.payerCancelled = true;
    if (o.cancelUrl === undefined) return sendHtml(ctx, 200, PAGES.layout('Cancelled', '<h1>Payment cancelled</h1><p>You can close this window.</p>'));
    redirect(ctx, appendQuery(o.cancelUrl, [['token', o.id]]));
  }

  return pageRoutes('/checkoutnow', page, { approve: (ctx) => decide(ctx, 'approve'), cancel: (ctx) => decide(ctx, 'cancel') });
}

const NOT_FOUND: PageRefusal = { status: 404, title: 'Order not found', message: 'This checkout link is not valid.' };

function notApprovable(o: OrderRecord): PageRefusal | undefined {
  return closedPageRefusal(
    { open: OPEN.has(o.status) || o.status === 'APPROVED', expired: o.status === 'VOIDED', status: o.status },
    { title: 'Checkout expired', message: 'This checkout session has expired. Please return to the merchant and try again.' },
    { title: 'Checkout not available', noun: 'order' },
  );
}

function approvalPage(o: OrderRecord, publicBaseUrl: string): string {
  const token = escapeHtml(o.id);
  const amount = escapeHtml(`${o.amount.value} ${o.amount.currency_code}`);
  return PAGES.layout(
    'PayPal Checkout',
    `<p class="badge">PayPal sandbox</p>
<h1>Pay with PayPal</h1>
<dl>
  ${o.description !== undefined ? `<dt>Order</dt><dd id="description">${escapeHtml(o.description)}</dd>` : ''}
  <dt>Total</dt><dd id="amount">${amount}</dd>
  <dt>Paying as</dt><dd id="buyer">${escapeHtml(PAYPAL_SANDBOX_BUYER.email)}</dd>
</dl>
<form id="approve-form" method="post" action="${escapeHtml(`${publicBaseUrl}/checkoutnow/approve`)}">
  <input type="hidden" name="token" value="${token}">
  <button type="submit" id="approve">Pay ${amount}</button>
</form>
<form id="cancel-form" method="post" action="${escapeHtml(`${publicBaseUrl}/checkoutnow/cancel`)}">
  <input type="hidden" name="token" value="${token}">
  <button type="submit" id="cancel" class="secondary">Cancel and return to merchant</button>
</form>`,
  );
}

export const PAGES = sandboxPages({ background: '#f5f7fa', accent: '#003087', button: '#ffc439', buttonText: '#111', buttonRadius: '999px' });
