import type { WorkflowHandle } from '@temporalio/client';
import { ESEWA_TEST_CREDENTIALS } from '../../../adapters/gateways/esewa/sandbox.js';
import { KHALTI_TEST_CREDENTIALS } from '../../../adapters/gateways/khalti/sandbox.js';
import { STRIPE_TEST_CARDS } from '../../../adapters/gateways/stripe/sandbox.js';
import type { GatewayId } from '../../../src/payments/api.js';
import type { GatewayHarness } from '../../harness/checkout-harness.js';
import { workflowIds } from '../../../temporal.config.js';
import type { CheckoutState } from '../../../workflows/checkout/messages.js';
import { stateOf } from '../../harness/checkout-harness.js';

/** A checkout as the storefront started it, with what the gateway knows it by. */
export interface StartedCheckout {
  readonly orderId: string;
  readonly customerId: string;
  readonly gatewayPaymentId: string;
  readonly action: NonNullable<CheckoutState['paymentAction']>;
  readonly handle: WorkflowHandle;
}

/** Where the gateway sends the shopper's browser back: a GET of `url`, or a form POSTed to it. */
export interface BrowserReturn {
  readonly url: string;
  readonly form?: URLSearchParams;
}

export async function startCheckout(h: GatewayHarness, gateway: GatewayId, items: readonly { sku: string; quantity: number }[], customerId: string): Promise<StartedCheckout> {
  const started = await h.storefront.startCheckout({ customerId, items, gateway });
  if (!started.ok) throw new Error(`checkout refused: ${started.error.code} ${started.error.message}`);
  const action = started.value.paymentAction;
  if (action === undefined) throw new Error(`no payment action; saga is ${started.value.checkoutStatus}`);
  const handle = h.env.client.workflow.getHandle(workflowIds.checkout(started.value.orderId));
  const state = await stateOf(handle);
  return { orderId: started.value.orderId, customerId, gatewayPaymentId: state.gatewayPaymentId!, action, handle };
}

/** Follows one redirect without following it further. */
async function send(url: string, form?: URLSearchParams): Promise<Response> {
  return fetch(url, {
    method: form === undefined ? 'GET' : 'POST',
    redirect: 'manual',
    ...(form === undefined ? {} : { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }),
  });
}

async function expectRedirect(response: Response, what: string): Promise<string> {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || location === null) throw new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return location;
}

/** The hidden form an auto-submitting page posts (Razorpay's `callback_method=post`). */
function autoSubmitForm(html: string): BrowserReturn {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form in page: ${html.slice(0, 300)}`);
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.append(unescapeHtml(match[1]!), unescapeHtml(match[2]!));
  return { url: unescapeHtml(action), form };
}

const NAMED: Readonly<Record<string, string>> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };
/** Decodes what a browser decodes in an attribute: named and numeric character references. */
const unescapeHtml = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) =>
    ref.startsWith('#x') || ref.startsWith('#X')
      ? String.fromCodePoint(parseInt(ref.slice(2), 16))
      : ref.startsWith('#')
        ? String.fromCodePoint(Number(ref.slice(1)))
        : (NAMED[ref] ?? whole),
  );

/**
 * The shopper on the gateway's hosted page, over HTTP: opens it from the payment action, presses
 * Pay (or Cancel), and gets the browser return the gateway answers with.
 */
export async function shopper(
  h: GatewayHarness,
  gateway: GatewayId,
  checkout: Pick<StartedCheckout, 'action'> & Partial<StartedCheckout>,
  choice: 'pay' | 'cancel',
): Promise<BrowserReturn> {
  const action = checkout.action;
  switch (gateway) {
    case 'khalti': {
      if (action.type !== 'redirect') throw new Error('Khalti expects a redirect');
      const page = new URL(action.url);
      const pidx = page.searchParams.get('pidx')!;
      const form =
        choice === 'pay' ? new URLSearchParams({ pidx, mobile: KHALTI_TEST_CREDENTIALS.khaltiIds[1], mpin: KHALTI_TEST_CREDENTIALS.mpin }) : new URLSearchParams({ pidx });
      const target = `${page.origin}${page.pathname.replace(/\/$/, '')}/${choice}`;
      return { url: await expectRedirect(await send(target, form), `Khalti ${choice}`) };
    }
    case 'ikhokha': {
      if (action.type !== 'redirect') throw new Error('iKhokha expects a redirect');
      return { url: await expectRedirect(await send(`${action.url}/${choice}`, new URLSearchParams()), `iKhokha ${choice}`) };
    }
    case 'esewa': {
      if (action.type !== 'form_post') throw new Error('eSewa expects a form post');
      const page = await expectRedirect(await send(action.url, new URLSearchParams(action.fields)), 'eSewa form');
      const session = new URL(page).searchParams.get('session')!;
      const base = `${h.sandboxes.baseUrl}/esewa/checkout`;
      const form =
        choice === 'pay'
          ? new URLSearchParams({ session, esewa_id: ESEWA_TEST_CREDENTIALS.esewaIds[0], password: ESEWA_TEST_CREDENTIALS.password, token: ESEWA_TEST_CREDENTIALS.token })
          : new URLSearchParams({ session });
      return { url: await expectRedirect(await send(`${base}/${choice}`, form), `eSewa ${choice}`) };
    }
    case 'stripe': {
      if (action.type !== 'redirect') throw new Error('Stripe expects a redirect');
      const form = choice === 'pay' ? new URLSearchParams({ card_number: STRIPE_TEST_CARDS.succeeds }) : new URLSearchParams();
      return { url: await expectRedirect(await send(`${action.url}/${choice === 'pay' ? 'confirm' : 'cancel'}`, form), `Stripe ${choice}`) };
    }
    case 'paypal': {
      if (action.type !== 'redirect') throw new Error('PayPal expects a redirect');
      const page = new URL(action.url);
      const form = new URLSearchParams({ token: page.searchParams.get('token')! });
      const target = `${page.origin}${page.pathname}/${choice === 'pay' ? 'approve' : 'cancel'}`;
      return { url: await expectRedirect(await send(target, form), `PayPal ${choice}`) };
    }
    case 'razorpay': {
      if (action.type !== 'redirect') throw new Error('Razorpay expects a redirect');
      const page = new URL(action.url);
      const target = `${page.origin}${page.pathname.replace(/\/embedded$/, `/${choice}`)}`;
      const response = await send(target, page.searchParams);
      if (response.status !== 200) throw new Error(`Razorpay ${choice} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return autoSubmitForm(await response.text());
    }
    default:
      throw new Error(`no shopper driver for ${gateway}`);
  }
}

/** The browser lands on our return URL; the answer is what the shop shows. */
export async function browserReturns(back: BrowserReturn): Promise<{ status: number; body: { checkoutStatus?: string; orderId?: string } & Record<string, unknown> }> {
  const response = await send(back.url, back.form);
  return { status: response.status, body: (await response.json()) as { checkoutStatus?: string } };
}

/** Starts a two-TEA checkout, lets the shopper `choice` on the gateway's page and brings the browser back: the checkout, and what its page showed. */
export async function shopperComesBack(
  h: GatewayHarness,
  gateway: GatewayId,
  customerId: string,
  choice: 'pay' | 'cancel',
): Promise<{ checkout: StartedCheckout; page: Awaited<ReturnType<typeof browserReturns>> }> {
  const checkout = await startCheckout(h, gateway, [{ sku: 'TEA', quantity: 2 }], customerId);
  return { checkout, page: await browserReturns(await shopper(h, gateway, checkout, choice)) };
}

/** Polls the saga's query until `predicate` holds (the worker runs in the background). */
export async function until(handle: WorkflowHandle, predicate: (state: CheckoutState) => boolean, what = 'the expected state'): Promise<CheckoutState> {
  let last: CheckoutState | undefined;
  for (let i = 0; i < 300; i += 1) {
    last = await stateOf(handle);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`saga never reached ${what}; last ${JSON.stringify(last)}`);
}

/** Waits for every webhook the sandboxes have sent so far to land. */
export async function webhooksLanded(h: GatewayHarness): Promise<void> {
  await Promise.all([h.sandboxes.stripe.flushWebhooks(), h.sandboxes.paypal.settled(), h.sandboxes.razorpay.webhooksSettled()]);
}

/**
 * Starts a one-TEA checkout the shopper pays, and waits (the test server's clock standing still,
 * so no scheduled sync can run) until the gateway's webhooks alone have confirmed it. The
 * browser's way back is handed to the test, not taken.
 */
export async function payAndLetWebhooksConfirm(
  h: GatewayHarness,
  gateway: GatewayId,
  customerId: string,
  waitingFor = 'confirmed',
): Promise<{ checkout: StartedCheckout; back: BrowserReturn; confirmed: CheckoutState }> {
  const checkout = await startCheckout(h, gateway, [{ sku: 'TEA', quantity: 1 }], customerId);
  const back = await shopper(h, gateway, checkout, 'pay');
  await webhooksLanded(h);
  const confirmed = await until(checkout.handle, (s) => s.status === 'confirmed', waitingFor);
  return { checkout, back, confirmed };
}

/** `payAndLetWebhooksConfirm`, and then the browser comes back late: what its page showed, too. */
export async function webhooksConfirmBeforeTheBrowser(
  h: GatewayHarness,
  gateway: GatewayId,
  customerId: string,
  waitingFor: string,
): Promise<{ checkout: StartedCheckout; confirmed: CheckoutState; page: Awaited<ReturnType<typeof browserReturns>> }> {
  const { checkout, back, confirmed } = await payAndLetWebhooksConfirm(h, gateway, customerId, waitingFor);
  return { checkout, confirmed, page: await browserReturns(back) };
}

/** Starts a one-TEA checkout, lets `holdBack` keep the gateway's webhooks from landing, and brings the paying shopper's browser back first. */
export async function browserBeforeTheWebhooks(
  h: GatewayHarness,
  gateway: GatewayId,
  customerId: string,
  holdBack: () => void,
): Promise<{ checkout: StartedCheckout; page: Awaited<ReturnType<typeof browserReturns>> }> {
  const checkout = await startCheckout(h, gateway, [{ sku: 'TEA', quantity: 1 }], customerId);
  holdBack();
  const page = await browserReturns(await shopper(h, gateway, checkout, 'pay'));
  return { checkout, page };
}

/** Facts about one checkout in the database. */
export function ledger(h: GatewayHarness) {
  const count = async (table: string, where: string, params: unknown[]): Promise<number> => {
    const rows = await h.sql<{ n: string }>(`select count(*)::text as n from ${table} where ${where}`, params);
    return Number(rows[0]!.n);
  };
  return {
    count,
    onHand: async (sku: string): Promise<number> => Number((await h.sql<{ on_hand: number }>('select on_hand from products where sku = ?', [sku]))[0]!.on_hand),
    order: async (orderId: string) => (await h.sql<{ status: string; cancel_reason: string | null }>('select status, cancel_reason from orders where id = ?', [orderId]))[0],
    points: async (customerId: string): Promise<number> =>
      Number((await h.sql<{ total: string | null }>('select sum(points)::text as total from loyalty_entries where customer_id = ?', [customerId]))[0]!.total ?? 0),
    verifications: (orderId: string) => count('payment_verifications', 'order_id = ?', [orderId]),
    orders: (customerId: string) => count('orders', 'customer_id = ?', [customerId]),
    events: (gateway: string) =>
      h.sql<{ event_id: string | null; type: string | null; status: string; order_id: string | null }>(
        'select event_id, type, status, order_id from gateway_events where gateway = ? order by id',
        [gateway],
      ),
  };
}
