import type Koa from 'koa';
import { closedPageRefusal, escapeHtml, type PageRefusal, pageRoutes, readBody, redirect, sandboxPages, sendHtml } from '../../sandbox-kit/index.js';
import type { IkhokhaState, PaylinkRecord } from './state.js';
import type { IkhokhaSandboxControl } from './types.js';

/** The routes of the hosted paylink page (`/paylink/<id>`) with Pay, Decline and Cancel, which send the browser to the URLs as given. */
export function ikhokhaHostedPage(state: IkhokhaState, control: IkhokhaSandboxControl) {
  const { paylinkUrl, current } = state;

  function page(ctx: Koa.Context, id: string): void {
    const p = PAGES.usable(ctx, current(id), NOT_FOUND, notPayable);
    if (p === undefined) return;
    sendHtml(ctx, 200, paylinkPage(p, paylinkUrl(p.paylinkID)));
  }

  async function act(ctx: Koa.Context, id: string, action: 'pay' | 'decline' | 'cancel'): Promise<void> {
    await readBody(ctx.req);
    const p = PAGES.usable(ctx, current(id), NOT_FOUND, notPayable);
    if (p === undefined) return;
    control[action](id);
    const target = action === 'pay' ? p.urls.successPageUrl : action === 'decline' ? p.urls.failurePageUrl : p.urls.cancelUrl;
    // The URLs as given: iKhokha adds nothing to them as far as any source shows.
    redirect(ctx, target);
  }

  return pageRoutes('/paylink/:id', page, {
    pay: (ctx, id) => act(ctx, id, 'pay'),
    decline: (ctx, id) => act(ctx, id, 'decline'),
    cancel: (ctx, id) => act(ctx, id, 'cancel'),
  });
}

const NOT_FOUND: PageRefusal = { status: 404, title: 'Payment link not found', message: 'This payment link is not valid.' };

function notPayable(p: PaylinkRecord): PageRefusal | undefined {
  return closedPageRefusal(
    { open: p.status === 'PENDING', expired: p.status === 'EXPIRED', status: p.status },
    { title: 'Payment link expired', message: 'This payment link has expired. Please return to the merchant and try again.' },
    { title: 'Payment not available', noun: 'payment link' },
  );
}

/** `R 1 299.00`: South African formatting, space-grouped. */
function rands(cents: number): string {
  const major = String(Math.trunc(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `R ${major}.${String(cents % 100).padStart(2, '0')}`;
}

function paylinkPage(p: PaylinkRecord, url: string): string {
  const button = (id: string, action: string, label: string, secondary = false) =>
    `<form id="${id}" method="post" action="${escapeHtml(`${url}/${action}`)}"><button type="submit"${secondary ? ' class="secondary"' : ''}>${escapeHtml(label)}</button></form>`;
  return PAGES.layout(
    'iKhokha Payment',
    `<p class="badge">iKhokha sandbox</p>
<h1>Pay with iK Pay</h1>
<dl>
  <dt>Reference</dt><dd id="reference">${escapeHtml(p.externalTransactionID)}</dd>
  ${p.description === null ? '' : `<dt>Description</dt><dd id="description">${escapeHtml(p.description)}</dd>`}
  <dt>Amount</dt><dd id="amount">${escapeHtml(rands(p.amount))}</dd>
</dl>
${button('pay-form', 'pay', `Pay ${rands(p.amount)}`)}
${button('decline-form', 'decline', 'Pay with a declined card', true)}
${button('cancel-form', 'cancel', 'Cancel', true)}`,
  );
}

export const PAGES = sandboxPages({ background: '#eef6f3', accent: '#00704a', button: '#00704a' });
