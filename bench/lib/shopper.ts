/** A shopper paying with Khalti through the sandbox, as the README's walkthrough does. */
import { json, request } from './http.js';
import type { BenchContext } from './context.js';
import { sleep } from './context.js';

export interface CreatedCheckout {
  readonly orderId: string;
  readonly pidx: string;
  readonly token: string;
}

interface CheckoutBody {
  orderId: string;
  redirectUrl?: string;
  checkoutStatus: string;
  orderStatus?: string;
}

export async function createCheckout(ctx: BenchContext, i: number): Promise<CreatedCheckout> {
  const token = ctx.tokens[i % ctx.tokens.length]!;
  const body = await json<CheckoutBody>(`${ctx.stack.api}/checkouts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    json: { items: [{ sku: 'TEA-ILAM-250', quantity: 1 }], gateway: 'khalti' },
    expect: 201,
    timeoutMs: 30_000,
  });
  if (!body.redirectUrl) throw new Error(`checkout answered without a redirectUrl (status ${body.checkoutStatus})`);
  const pidx = new URL(body.redirectUrl).searchParams.get('pidx');
  if (!pidx) throw new Error('redirectUrl names no pidx');
  return { orderId: body.orderId, pidx, token };
}

/** Presses Pay on the sandbox page; answers the return URL Khalti redirects the browser to. */
export async function payWithKhalti(ctx: BenchContext, pidx: string): Promise<string> {
  const form = new URLSearchParams({ pidx, mobile: '9800000000', mpin: '1111' }).toString();
  const paid = await request(`${ctx.stack.sandbox}/khalti/pay`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const location = paid.headers.location;
  if (paid.status !== 302 || !location) throw new Error(`khalti pay answered ${paid.status}`);
  return location;
}

const SETTLED = new Set(['confirmed', 'cancelled', 'needs_attention', 'refunded', 'compensated']);

/** Follows the return URL (which waits for the verified outcome); polls the order if it is still pending. */
export async function landAndWaitConfirmed(ctx: BenchContext, checkout: CreatedCheckout, returnUrl: string, deadlineMs = 60_000): Promise<void> {
  const landed = await json<CheckoutBody>(returnUrl, { timeoutMs: 30_000 });
  let status = landed.checkoutStatus;
  const deadline = performance.now() + deadlineMs;
  for (let i = 0; i < 1000 && status !== 'confirmed' && !SETTLED.has(status); i++) {
    if (performance.now() > deadline) throw new Error(`saga still ${status} after ${deadlineMs} ms`);
    await sleep(200);
    status = (await json<CheckoutBody>(`${ctx.stack.api}/checkouts/${checkout.orderId}`, { headers: { authorization: `Bearer ${checkout.token}` } })).checkoutStatus;
  }
  if (status !== 'confirmed') throw new Error(`saga ended ${status}`);
}
