/**
 * One chaos shopper: a checkout paid as its kind says (Khalti with a browser return, Khalti whose
 * callback never arrives, Stripe, a bank transfer an operator decides), retried through the
 * faults the way a patient browser would.
 */
import { STRIPE_TEST_CARDS } from '../../adapters/gateways/stripe/sandbox.js';
import { sleep } from '../lib/local-stack.js';

export type Kind = 'khalti' | 'khalti_no_callback' | 'stripe' | 'bank_transfer';

export interface Saga {
  readonly i: number;
  readonly kind: Kind;
  readonly customer: number;
  orderId?: string;
  final?: string;
  cancelReason?: string;
  returnStatuses: number[];
  errors: string[];
  step?: string;
}

export interface Shopping {
  readonly apiUrl: string;
  readonly sandboxUrl: string;
  /** Names the run in Idempotency-Keys. */
  readonly seed: string;
  /** Shopper tokens; a saga's `customer` indexes them. */
  readonly shoppers: readonly string[];
  readonly operator: string;
  readonly random: () => number;
  /** Called when a shopper pays and the gateway's callback is dropped on purpose. */
  readonly onCallbackDropped: () => void;
}

/** One shopper's checkout, paid as its kind says, retried through the faults like a browser would. */
export async function shop(saga: Saga, run: Shopping): Promise<void> {
  const { apiUrl, random } = run;
  const auth = { authorization: `Bearer ${run.shoppers[saga.customer]}` };
  const pashmina = random() < 0.08;
  const items = [{ sku: pashmina ? 'PASHMINA-GREY' : random() < 0.5 ? 'TEA-ILAM-250' : 'MUG-CLAY', quantity: 1 }];
  const gateway = saga.kind === 'khalti_no_callback' ? 'khalti' : saga.kind;
  saga.step = 'create';
  const created = await call(`${apiUrl}/checkouts`, {
    method: 'POST',
    headers: { ...auth, 'idempotency-key': `chaos-${run.seed}-${saga.i}` },
    json: { items, gateway },
    accept: (status) => status === 201 || status === 202 || status === 409,
  });
  const body = (await created.json()) as { orderId: string; redirectUrl?: string; paymentAction?: { url?: string }; code?: string };
  if (created.status === 409) {
    // Sold out when the shopper asked (the quote refuses): nothing was started.
    if (body.code !== 'inventory.insufficient_stock') throw new Error(`checkout answered 409 ${body.code}`);
    saga.final = 'refused';
    saga.cancelReason = 'sold_out';
    return;
  }
  saga.orderId = body.orderId;
  let url = body.paymentAction?.url ?? body.redirectUrl;
  // A 202: the saga has not created the payment yet (a worker was just killed, say). Ask again.
  for (let attempt = 0; url === undefined && saga.kind !== 'bank_transfer' && attempt < 120; attempt += 1) {
    await sleep(1_000);
    const again = await fetch(`${apiUrl}/checkouts/${body.orderId}`, { headers: auth, signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
    if (again?.status === 200) url = ((await again.json()) as { redirectUrl?: string }).redirectUrl;
  }
  saga.step = 'pay';
  if (saga.kind === 'bank_transfer') {
    await sleep(1_000 + random() * 3_000);
    const verdict = random() < 0.7 ? 'approve' : 'reject';
    await call(`${apiUrl}/admin/checkouts/${body.orderId}/${verdict}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${run.operator}` },
      json: { reason: `chaos ${verdict}` },
      // 409: the command already landed before a retry (the saga took it up).
      accept: (status) => status === 200 || status === 409,
    });
    return;
  }
  if (url === undefined) throw new Error(`checkout ${body.orderId} has no payment action`);
  await sleep(random() * 1_500);
  let back: string;
  if (gateway === 'khalti') {
    const pidx = new URL(url).searchParams.get('pidx')!;
    back = await redirectOf(`${run.sandboxUrl}/khalti/pay`, new URLSearchParams({ pidx, mobile: '9800000001', mpin: '1111' }));
  } else {
    back = await redirectOf(`${url}/confirm`, new URLSearchParams({ card_number: STRIPE_TEST_CARDS.succeeds }));
  }
  if (saga.kind === 'khalti_no_callback') {
    run.onCallbackDropped();
    return;
  }
  saga.step = 'return';
  // The browser lands on the return URL; a shopper reloads a page that did not answer.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const landed = await fetch(back, { redirect: 'manual', signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
    if (landed === undefined) {
      await sleep(1_000);
      continue;
    }
    saga.returnStatuses.push(landed.status);
    if (landed.status < 500) return;
    await sleep(1_000);
  }
}

/** An HTTP call retried through restarts (connection refused, 5xx), as a patient client would. */
export async function call(url: string, options: { method?: string; headers?: Record<string, string>; json?: unknown; accept?: (status: number) => boolean }): Promise<Response> {
  const accept = options.accept ?? ((status: number) => status >= 200 && status < 300);
  let last = '';
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(30_000),
      method: options.method ?? 'GET',
      headers: { ...(options.json === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    }).catch((error: unknown) => {
      last = String(error);
      return undefined;
    });
    if (response !== undefined) {
      if (accept(response.status)) return response;
      last = `${response.status} ${(await response.text()).slice(0, 300)}`;
      // A 409 for a key still in progress, a 5xx while a part restarts: try again.
      if (response.status < 500 && response.status !== 409 && response.status !== 429) break;
    }
    await sleep(1_000 + attempt * 250);
  }
  throw new Error(`${options.method ?? 'GET'} ${url}: ${last}`);
}

async function redirectOf(url: string, form: URLSearchParams): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    }).catch(() => undefined);
    const location = response?.headers.get('location');
    if (response !== undefined && response.status >= 300 && response.status < 400 && location) return location;
    await sleep(1_000);
  }
  throw new Error(`${url} never redirected`);
}
