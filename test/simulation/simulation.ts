/**
 * A seeded random simulation of shoppers, gateways and operators against the real stack: a
 * fresh PostgreSQL database, the gateway sandboxes, the time-skipping Temporal server and the
 * production worker and HTTP API (test/harness/checkout-harness.ts).
 *
 * Each shopper is a short script (check out, maybe wait, pay or not, come back or not, ask for a
 * refund…) that yields before every step; a scheduler driven by one mulberry32 PRNG picks whose
 * step runs next, or a fault of its own (the clock runs on, the worker restarts, a gateway fails
 * its next calls). Steps run one at a time, so the seed fixes the whole order of what happens.
 * Then the clock runs until every saga has ended (an operator resolving what parks), and the
 * invariant oracle checks PostgreSQL.
 *
 * A run's result carries the trace of chosen actions; a failing seed prints itself and its trace.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { checkInvariants, type InvariantViolation } from '../../adapters/persistence/invariant-oracle.js';
import { ensureLatePaymentReconciliation } from '../../adapters/temporal/temporal-late-payments.js';
import { KHALTI_TEST_CREDENTIALS } from '../../adapters/gateways/khalti/sandbox.js';
import { STRIPE_TEST_CARDS } from '../../adapters/gateways/stripe/sandbox.js';
import { workflowIds } from '../../temporal.config.js';
import { checkoutStateQuery, type CheckoutState } from '../../workflows/checkout/messages.js';
import { topUpOperatorDecisionSignal, topUpStateQuery } from '../../workflows/wallet-top-up/messages.js';
import { createGatewayHarness, type GatewayHarness } from '../harness/checkout-harness.js';
import { mulberry32, type Prng } from './prng.js';

/** The kinds of behaviour a run may produce; each can be switched off to see which ones fail. */
export const BEHAVIOURS = [
  /** Khalti shoppers who pay and whose browser comes back (once, twice at once, reloaded). */
  'browser_returns',
  /** Shoppers who pay but whose callback never arrives: the saga's sync must find the money. */
  'lost_callbacks',
  /** Shoppers who wait on the gateway's page before paying (late in the window). */
  'slow_shoppers',
  /** Shoppers who never pay, or press Cancel on the gateway's page. */
  'never_pays',
  /** Money taken after the saga gave up (expired link paid after all). */
  'late_payments',
  /** Stripe: signed webhooks racing the return, dropped, duplicated, replayed out of order and late. */
  'webhooks',
  /** Gateways answering 5xx for their next calls. */
  'gateway_errors',
  /** The worker shut down and started again mid-run. */
  'worker_restarts',
  /** Amount mismatches that park a saga; operators retry, cancel or refund to the wallet. */
  'operator_commands',
  /** Bank transfer and cash on delivery, approved, rejected or left to expire. */
  'manual_methods',
  /** Operators refunding confirmed orders, in part or in full, to the gateway or the wallet. */
  'refunds',
  /** Wallet top-ups, whole-wallet payments and wallet + gateway split payments. */
  'wallet',
  /** Loyalty points redeemed at checkout. */
  'points',
  /** Buying the product of which only a few are in stock. */
  'stock_out',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export interface SimulationOptions {
  readonly seed: number;
  /** How many shoppers (checkouts and top-ups) arrive. */
  readonly sagas: number;
  readonly behaviours?: readonly Behaviour[];
  /** At most this many shoppers are mid-script at once. */
  readonly concurrency?: number;
  /** Called with each trace line as it happens (e.g. to stream it). */
  readonly onTrace?: (line: string) => void;
}

export interface SimulationResult {
  readonly seed: number;
  readonly sagas: number;
  readonly behaviours: readonly Behaviour[];
  readonly trace: readonly string[];
  /** Per shopper kind, how its sagas ended (`kind outcome` → count). */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly violations: readonly InvariantViolation[];
  /** Sagas (checkout, top-up, refund, late payment) still running after the drain. */
  readonly unfinished: readonly string[];
  /** What the shop answered that it must never answer (a 5xx on a return, an unexpected refusal). */
  readonly failures: readonly string[];
  readonly counted: Readonly<Record<string, number>>;
  readonly ok: boolean;
  readonly durationMs: number;
}

type ShopperKind =
  | 'khalti_pays'
  | 'khalti_no_callback'
  | 'khalti_slow'
  | 'khalti_never_pays'
  | 'khalti_cancels'
  | 'khalti_late'
  | 'khalti_mismatch'
  | 'stripe_pays'
  | 'bank_transfer'
  | 'cash_on_delivery'
  | 'wallet_only'
  | 'split_wallet'
  | 'top_up'
  | 'top_up_no_callback'
  | 'top_up_never_pays';

/** Which behaviours a kind needs; a kind runs only when all of them are enabled. */
const KINDS: Readonly<Record<ShopperKind, { readonly weight: number; readonly needs: readonly Behaviour[] }>> = {
  khalti_pays: { weight: 5, needs: ['browser_returns'] },
  khalti_no_callback: { weight: 2, needs: ['lost_callbacks'] },
  khalti_slow: { weight: 2, needs: ['slow_shoppers'] },
  khalti_never_pays: { weight: 1, needs: ['never_pays'] },
  khalti_cancels: { weight: 1, needs: ['never_pays'] },
  khalti_late: { weight: 2, needs: ['late_payments'] },
  khalti_mismatch: { weight: 1, needs: ['operator_commands'] },
  stripe_pays: { weight: 4, needs: ['webhooks'] },
  bank_transfer: { weight: 2, needs: ['manual_methods'] },
  cash_on_delivery: { weight: 1, needs: ['manual_methods'] },
  wallet_only: { weight: 1, needs: ['wallet'] },
  split_wallet: { weight: 2, needs: ['wallet'] },
  top_up: { weight: 2, needs: ['wallet'] },
  top_up_no_callback: { weight: 1, needs: ['wallet', 'lost_callbacks'] },
  top_up_never_pays: { weight: 1, needs: ['wallet', 'never_pays'] },
};

const MINUTE = 60_000;
const CUSTOMERS = ['cus_sim_a', 'cus_sim_b', 'cus_sim_c', 'cus_sim_d'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Fiber {
  readonly id: number;
  readonly kind: ShopperKind;
  resume?: (() => void) | undefined;
  label: string;
  done: boolean;
}

/** What a shopper started, for the drain and the summary. */
interface Tracked {
  readonly kind: ShopperKind;
  orderId?: string;
  topUpId?: string;
  refused?: string;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const started = performance.now();
  const behaviours = new Set<Behaviour>(options.behaviours ?? BEHAVIOURS);
  const on = (behaviour: Behaviour) => behaviours.has(behaviour);
  const random = mulberry32(options.seed);
  const trace: string[] = [];
  const failures: string[] = [];
  const tracked: Tracked[] = [];
  const refundIds: string[] = [];
  const say = (line: string) => {
    trace.push(line);
    options.onTrace?.(line);
  };

  const h = await createGatewayHarness({ restartableWorker: on('worker_restarts') });
  // Few mugs: with stock_out, paid orders find them gone; otherwise plenty.
  const initialStock: Record<string, number> = { TEA: 1_000, MUG: on('stock_out') ? 3 : 1_000 };
  await h.sql(`update products set on_hand = case sku when 'TEA' then ?::int else ?::int end`, [initialStock['TEA'], initialStock['MUG']]);
  await ensureLatePaymentReconciliation(h.env.client, h.taskQueue, { everyMs: 15 * MINUTE });
  const operatorToken = await h.tokens.issueOperatorToken('ops_sim');
  const shopperTokens = new Map<string, string>();
  for (const customer of CUSTOMERS) shopperTokens.set(customer, await h.tokens.issueShopperToken(customer));

  try {
    const api = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${h.apiUrl}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let json: Record<string, unknown> = {};
      try {
        json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        json = { text: text.slice(0, 200) };
      }
      return { status: response.status, body: json };
    };
    const operator = (path: string, body: unknown, headers?: Record<string, string>) => api('POST', path, operatorToken, body, headers);
    let keys = 0;
    const nextKey = () => `simulation-${options.seed}-${(keys += 1)}`;

    /** The browser lands on a return URL; a 5xx there is a failure of the shop. */
    const land = async (url: string, who: string): Promise<number> => {
      const response = await fetch(url, { redirect: 'manual' });
      await response.text();
      if (response.status >= 500) failures.push(`${who}: return answered ${response.status} (${url})`);
      return response.status;
    };
    const khaltiPage = async (actionUrl: string, choice: 'pay' | 'cancel'): Promise<string> => {
      const page = new URL(actionUrl);
      const pidx = page.searchParams.get('pidx')!;
      const form =
        choice === 'pay' ? new URLSearchParams({ pidx, mobile: KHALTI_TEST_CREDENTIALS.khaltiIds[1], mpin: KHALTI_TEST_CREDENTIALS.mpin }) : new URLSearchParams({ pidx });
      const response = await fetch(`${page.origin}${page.pathname.replace(/\/$/, '')}/${choice}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      const location = response.headers.get('location');
      if (response.status !== 302 || location === null) throw new Error(`Khalti ${choice} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      return location;
    };
    /** The return URL Khalti would send for a payment completed behind the page's back (a late or short payment). */
    const khaltiReturnOf = (base: string, pidx: string, purchaseOrderId: string): string => {
      const payment = h.sandbox.control.get(pidx)!;
      const transactionId = payment.transactionId ?? '';
      const query = new URLSearchParams({
        pidx,
        status: payment.status,
        transaction_id: transactionId,
        tidx: transactionId,
        amount: String(payment.totalAmount),
        total_amount: String(payment.totalAmount),
        purchase_order_id: purchaseOrderId,
      });
      return `${h.apiUrl}${base}?${query}`;
    };
    const checkoutHandle = (orderId: string): WorkflowHandle => h.env.client.workflow.getHandle(workflowIds.checkout(orderId));
    const stateOfOrder = (orderId: string): Promise<CheckoutState> => checkoutHandle(orderId).query(checkoutStateQuery);
    const isRunning = async (workflowId: string): Promise<boolean> => {
      try {
        return (await h.env.client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
      } catch {
        return false;
      }
    };
    /** The clock runs until the saga has closed (or `limitMs` of test time has passed). */
    const untilClosed = async (workflowId: string, limitMs: number): Promise<boolean> => {
      for (let waited = 0; waited <= limitMs; waited += 5 * MINUTE) {
        if (!(await isRunning(workflowId))) return true;
        await h.env.sleep(5 * MINUTE);
      }
      return !(await isRunning(workflowId));
    };
    const walletBalance = async (customerId: string): Promise<number> =>
      Number((await h.sql<{ total: string | null }>('select sum(amount_minor)::text as total from wallet_entries where customer_id = ?', [customerId]))[0]!.total ?? 0);
    const pointsOf = async (customerId: string): Promise<number> =>
      Number((await h.sql<{ total: string | null }>('select sum(points)::text as total from loyalty_entries where customer_id = ?', [customerId]))[0]!.total ?? 0);

    // --- The shoppers ------------------------------------------------------------------------

    type Yield = (label: string) => Promise<void>;

    async function shop(fiber: Fiber, step: Yield, record: Tracked): Promise<void> {
      const who = `#${fiber.id} ${fiber.kind}`;
      const customer = random.pick(CUSTOMERS);
      const token = shopperTokens.get(customer)!;
      const kind = fiber.kind;
      await step('arrives');

      if (kind === 'top_up' || kind === 'top_up_no_callback' || kind === 'top_up_never_pays') {
        const amountMinor = random.int(1, 20) * 10_000;
        const created = await api('POST', '/wallet/top-ups', token, { amountMinor, gateway: 'khalti' });
        say(`${who} ${customer} tops up ${amountMinor} → ${created.status}`);
        if (created.status >= 400 && created.status !== 409 && created.status !== 422)
          failures.push(`${who}: top-up answered ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
        if (created.status !== 201) return void (record.refused = `${created.status} ${String(created.body['code'] ?? '')}`);
        record.topUpId = String(created.body['topUpId']);
        const actionUrl = (created.body['paymentAction'] as { url: string }).url;
        await step('on Khalti');
        if (kind === 'top_up_never_pays') return say(`${who} never pays the top-up`);
        const back = await khaltiPage(actionUrl, 'pay');
        say(`${who} pays the top-up on Khalti`);
        if (kind === 'top_up_no_callback') return say(`${who} closes the tab: no return`);
        await step('returns');
        say(`${who} lands on the top-up return → ${await land(back, who)}`);
        return;
      }

      // A checkout.
      const sku = on('stock_out') && random.chance(0.35) ? 'MUG' : 'TEA';
      const items = [{ sku, quantity: random.int(1, sku === 'MUG' ? 2 : 3) }];
      const gateway =
        kind === 'stripe_pays'
          ? 'stripe'
          : kind === 'bank_transfer'
            ? 'bank_transfer'
            : kind === 'cash_on_delivery'
              ? 'cash_on_delivery'
              : kind === 'wallet_only'
                ? 'wallet'
                : 'khalti';
      const body: Record<string, unknown> = { items, gateway };
      if (kind === 'split_wallet') {
        const balance = await walletBalance(customer);
        body['walletAmountMinor'] = balance > 1_000 ? random.int(1, Math.min(balance, 40_000)) : random.int(1, 5) * 1_000;
      }
      if (on('points') && random.chance(0.3)) {
        const points = await pointsOf(customer);
        if (points > 0) body['pointsToRedeem'] = random.int(1, points);
      }
      const created = await api('POST', '/checkouts', token, body, { 'idempotency-key': nextKey() });
      say(`${who} ${customer} checks out ${JSON.stringify(body)} → ${created.status} ${String(created.body['code'] ?? created.body['checkoutStatus'] ?? '')}`);
      // A refusal is a 409 or 422 with its reason (sold out, wallet or points short), or a 502 when
      // the gateway would not create the payment (nothing taken); anything else is the shop failing.
      if (created.status >= 400 && ![409, 422, 502].includes(created.status))
        failures.push(`${who}: checkout answered ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
      if (created.status !== 201 && created.status !== 202) return void (record.refused = `${created.status} ${String(created.body['code'] ?? '')}`);
      const orderId = String(created.body['orderId']);
      record.orderId = orderId;
      if (kind === 'wallet_only') return afterConfirmed(who, orderId, step);

      if (kind === 'bank_transfer' || kind === 'cash_on_delivery') {
        await step('awaits the operator');
        const verdict = random.weighted([
          ['approve', 5],
          ['reject', 2],
          ['nothing', 1],
        ] as const);
        if (verdict === 'nothing') return say(`${who} no operator ever looks at ${orderId}`);
        const answer = await operator(`/admin/checkouts/${orderId}/${verdict}`, { reason: `simulated ${verdict}` });
        say(`${who} operator ${verdict}s ${orderId} → ${answer.status} ${String(answer.body['status'] ?? answer.body['code'] ?? '')}`);
        if (answer.status >= 500) failures.push(`${who}: ${verdict} answered ${answer.status}`);
        if (verdict === 'approve') await afterConfirmed(who, orderId, step);
        return;
      }

      let actionUrl = (created.body['paymentAction'] as { url?: string } | undefined)?.url;
      for (let i = 0; actionUrl === undefined && i < 100; i += 1) {
        await sleep(50);
        const action = (await stateOfOrder(orderId)).paymentAction;
        actionUrl = action !== undefined && 'url' in action ? action.url : undefined;
      }
      if (actionUrl === undefined) return say(`${who} never got a payment page`);
      await step('on the gateway page');

      if (kind === 'stripe_pays') return stripeShopper(who, orderId, actionUrl, step);

      const pidx = new URL(actionUrl).searchParams.get('pidx')!;
      switch (kind) {
        case 'khalti_never_pays':
          return say(`${who} leaves Khalti's page without paying`);
        case 'khalti_cancels': {
          const back = await khaltiPage(actionUrl, 'cancel');
          say(`${who} cancels on Khalti → return ${await land(back, who)}`);
          return;
        }
        case 'khalti_late': {
          h.sandbox.control.expire(pidx);
          say(`${who} lets the link expire`);
          await step('comes back after the window');
          const closed = await untilClosed(workflowIds.checkout(orderId), 2 * 3_600_000);
          say(`${who} saga closed: ${closed}; pays after all`);
          h.sandbox.control.setStatus(pidx, 'Completed');
          await step('late return');
          if (random.chance(0.6)) say(`${who} late return → ${await land(khaltiReturnOf('/payments/khalti/return', pidx, orderId), who)}`);
          else say(`${who} late payment without a callback: the reconciliation must find it`);
          return;
        }
        case 'khalti_mismatch': {
          const total = h.sandbox.control.get(pidx)!.totalAmount;
          h.sandbox.control.complete(pidx, { totalAmount: total - 100 });
          say(`${who} pays 100 short of ${total}`);
          await step('returns');
          say(`${who} returns → ${await land(khaltiReturnOf('/payments/khalti/return', pidx, orderId), who)}`);
          await step('operator looks at the parked saga');
          await operatorOnParked(who, orderId);
          return;
        }
        default:
          break;
      }
      // khalti_pays, khalti_no_callback, khalti_slow, split_wallet
      if (kind === 'khalti_slow' || (on('slow_shoppers') && random.chance(0.2))) {
        const minutes = random.int(5, 27);
        say(`${who} thinks for ${minutes} min on Khalti's page`);
        await h.env.sleep(minutes * MINUTE);
        await step('pays late in the window');
      }
      const back = await khaltiPage(actionUrl, 'pay');
      say(`${who} pays on Khalti`);
      if (kind === 'khalti_no_callback') return say(`${who} closes the tab: no return`);
      await step('returns');
      const copies = random.weighted([
        [1, 5],
        [2, 2],
        [3, 1],
      ] as const);
      const statuses = await Promise.all(Array.from({ length: copies }, () => land(back, who)));
      say(`${who} lands on the return ×${copies} → ${statuses.join(',')}`);
      if (random.chance(0.2)) {
        await step('reloads');
        say(`${who} reloads the return → ${await land(back, who)}`);
      }
      await afterConfirmed(who, orderId, step);
    }

    async function stripeShopper(who: string, orderId: string, actionUrl: string, step: Yield): Promise<void> {
      const stripe = h.sandboxes.stripe;
      const sessionId = (await stateOfOrder(orderId)).gatewayPaymentId!;
      const drop = random.chance(0.25) ? random.int(1, 3) : 0;
      if (drop > 0) stripe.dropNextWebhooks(drop);
      const response = await fetch(`${actionUrl}/confirm`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ card_number: STRIPE_TEST_CARDS.succeeds }),
      });
      const back = response.headers.get('location');
      if (back === null) throw new Error(`Stripe confirm answered ${response.status}`);
      say(`${who} pays on Stripe${drop > 0 ? ` (next ${drop} webhook(s) lost)` : ''}`);
      const returns = random.weighted([
        ['now', 4],
        ['after_webhooks', 3],
        ['never', 2],
      ] as const);
      if (returns === 'now') say(`${who} lands on the return while webhooks fly → ${await land(back, who)}`);
      await step('webhooks land');
      await stripe.flushWebhooks();
      if (returns === 'after_webhooks') say(`${who} lands on the return → ${await land(back, who)}`);
      if (returns === 'never') say(`${who} closes the tab: no return`);
      const events = stripe.events().filter((event) => event.body.includes(sessionId));
      if (events.length > 0 && random.chance(0.5)) {
        // Duplicated and out of order: Stripe's retries, newest first.
        const replays = [...events].reverse().slice(0, random.int(1, events.length));
        for (const event of replays) await stripe.replayWebhook(event.id);
        say(`${who} Stripe replays ${replays.map((e) => e.type).join(', ')}`);
      }
      await afterConfirmed(who, orderId, step);
      if (events.length > 0 && random.chance(0.3)) {
        await step('a webhook arrives days late');
        const event = random.pick(events);
        say(`${who} late replay of ${event.type} → ${(await stripe.replayWebhook(event.id)).outcome}`);
      }
    }

    /** Once the order is confirmed, an operator may refund part or all of it. */
    async function afterConfirmed(who: string, orderId: string, step: Yield): Promise<void> {
      if (!on('refunds') || !random.chance(0.35)) return;
      await step('asks for a refund');
      const order = (await h.sql<{ status: string; total_minor: string }>('select status, total_minor::text from orders where id = ?', [orderId]))[0];
      if (order === undefined || order.status !== 'confirmed') return say(`${who} no refund: order is ${order?.status ?? 'missing'}`);
      const total = Number(order.total_minor);
      const full = random.chance(0.5);
      const destination = random.chance(0.7) ? 'gateway' : 'wallet';
      const body = { destination, reason: 'simulated refund', ...(full ? {} : { amountMinor: random.int(1, Math.max(1, total - 1)) }) };
      const answer = await operator(`/admin/orders/${orderId}/refunds`, body, { 'idempotency-key': nextKey() });
      say(`${who} operator refunds ${JSON.stringify(body)} → ${answer.status} ${String(answer.body['code'] ?? answer.body['status'] ?? '')}`);
      if (answer.status >= 500) failures.push(`${who}: refund answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      if (answer.status === 202) refundIds.push(String(answer.body['id']));
    }

    /** An operator resolves a parked checkout: retry, cancel or refund to the wallet. */
    async function operatorOnParked(who: string, orderId: string): Promise<void> {
      for (let i = 0; i < 100; i += 1) {
        const state = await stateOfOrder(orderId).catch(() => undefined);
        if (state === undefined || state.status === 'needs_attention' || state.status === 'confirmed' || state.status === 'cancelled') break;
        await sleep(50);
      }
      const state = await stateOfOrder(orderId).catch(() => undefined);
      if (state?.status !== 'needs_attention') return say(`${who} nothing parked: saga is ${state?.status ?? 'closed'}`);
      const action = random.weighted([
        ['refund-to-wallet', 3],
        ['retry', 1],
        ['cancel', 1],
      ] as const);
      const answer = await operator(`/admin/checkouts/${orderId}/${action}`, { reason: `simulated ${action}` });
      say(`${who} operator ${action} on ${orderId} (${state.attention?.code ?? ''}) → ${answer.status} ${String(answer.body['status'] ?? answer.body['code'] ?? '')}`);
      if (answer.status >= 500) failures.push(`${who}: ${action} answered ${answer.status}`);
    }

    // --- The scheduler -----------------------------------------------------------------------

    const enabledKinds = (Object.keys(KINDS) as ShopperKind[]).filter((kind) => KINDS[kind].needs.every(on));
    if (enabledKinds.length === 0) throw new Error(`no shopper kind runs with behaviours ${[...behaviours].join(', ')}`);
    const fibers: Fiber[] = [];
    const running: Promise<void>[] = [];
    let notify: (() => void) | undefined;
    const concurrency = options.concurrency ?? 5;
    let arrived = 0;

    const spawn = () => {
      const kind = random.weighted(enabledKinds.map((k) => [k, KINDS[k].weight] as const));
      const fiber: Fiber = { id: arrived, kind, label: 'new', done: false };
      arrived += 1;
      const record: Tracked = { kind };
      tracked.push(record);
      fibers.push(fiber);
      const step: Yield = (label) =>
        new Promise<void>((resolve) => {
          fiber.label = label;
          fiber.resume = resolve;
          notify?.();
        });
      running.push(
        shop(fiber, step, record)
          .catch((error: unknown) => {
            failures.push(`#${fiber.id} ${kind}: ${error instanceof Error ? error.message : String(error)}`);
            say(`#${fiber.id} ${kind} failed: ${String(error)}`);
          })
          .finally(() => {
            fiber.done = true;
            notify?.();
          }),
      );
    };
    /** Lets one fiber run until it yields again or ends. */
    const runFiber = async (fiber: Fiber) => {
      const resume = fiber.resume!;
      fiber.resume = undefined;
      const paused = new Promise<void>((resolve) => (notify = resolve));
      resume();
      await paused;
      notify = undefined;
    };

    const faults: (readonly [string, number])[] = [
      ['clock', 3],
      ['worker_restart', on('worker_restarts') ? 0.6 : 0],
      ['gateway_errors', on('gateway_errors') ? 0.8 : 0],
    ];
    let steps = 0;
    while (true) {
      const ready = fibers.filter((fiber) => !fiber.done && fiber.resume !== undefined);
      const active = fibers.filter((fiber) => !fiber.done).length;
      if (ready.length === 0 && arrived >= options.sagas) break;
      steps += 1;
      const choice = random.weighted<string>([['arrive', arrived < options.sagas && active < concurrency ? 4 : 0], ['shopper', ready.length > 0 ? 6 : 0], ...faults]);
      if (choice === 'arrive') {
        spawn();
        // Its script runs to the first yield at once.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (choice === 'shopper') {
        const fiber = random.pick(ready);
        await runFiber(fiber);
      } else if (choice === 'clock') {
        const ms = random.weighted([
          [10_000, 3],
          [MINUTE, 3],
          [5 * MINUTE, 2],
          [20 * MINUTE, 1],
        ] as const);
        say(`~ clock +${ms / 1000}s`);
        await h.env.sleep(ms);
      } else if (choice === 'worker_restart') {
        say('~ worker restarts');
        await h.restartWorker();
      } else if (choice === 'gateway_errors') {
        const count = random.int(1, 3);
        const which = random.pick(['khalti', 'stripe'] as const);
        say(`~ ${which} fails its next ${count} call(s)`);
        if (which === 'khalti') h.sandbox.control.failNext(count, 503);
        else h.sandboxes.stripe.failNext(count, 500);
      }
      if (steps > 50 * options.sagas + 200) throw new Error('the scheduler did not come to an end');
      // Let what the step set off reach the worker before the next choice.
      await sleep(40);
    }
    await Promise.all(running);
    say(`~ all ${arrived} shoppers done after ${steps} steps; draining`);

    // --- The drain: the clock runs until every saga has ended; operators resolve what parks --
    const unfinished = await drain(h, tracked, refundIds, random, say, operator);

    await h.sandboxes.stripe.flushWebhooks();
    const oracle = await checkInvariants(h.orm, { initialStock });
    const outcomes = await summarise(h, tracked);
    for (const violation of oracle.violations) say(`! ${violation.invariant}: ${violation.detail}`);
    for (const failure of failures) say(`! ${failure}`);
    for (const saga of unfinished) say(`! not ended: ${saga}`);
    return {
      seed: options.seed,
      sagas: options.sagas,
      behaviours: [...behaviours],
      trace,
      outcomes,
      violations: oracle.violations,
      unfinished,
      failures,
      counted: oracle.counted,
      ok: oracle.ok && unfinished.length === 0 && failures.length === 0,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await h.env.client.workflow
      .getHandle(workflowIds.reconcileLatePayments())
      .terminate('simulation over')
      .catch(() => undefined);
    await h.close();
  }
}

async function drain(
  h: GatewayHarness,
  tracked: readonly Tracked[],
  refundIds: readonly string[],
  random: Prng,
  say: (line: string) => void,
  operator: (path: string, body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>,
): Promise<string[]> {
  const running = async (workflowId: string): Promise<boolean> => {
    try {
      return (await h.env.client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
    } catch {
      return false;
    }
  };
  const sagaIds = async (): Promise<string[]> => {
    const late = await h.sql<{ gateway: string; gateway_payment_id: string }>('select gateway, gateway_payment_id from late_payments');
    return [
      ...tracked.flatMap((t) => (t.orderId ? [workflowIds.checkout(t.orderId)] : t.topUpId ? [workflowIds.topUp(t.topUpId)] : [])),
      ...refundIds.map((id) => workflowIds.refund(id)),
      ...late.map((row) => workflowIds.latePayment(row.gateway, row.gateway_payment_id)),
    ];
  };
  const resolved = new Map<string, number>();
  let openIds: string[] = [];
  // Up to 16 days of test time: cash on delivery waits 14 for its operator.
  for (let round = 0; round < 120; round += 1) {
    openIds = [];
    for (const id of await sagaIds()) if (await running(id)) openIds.push(id);
    if (openIds.length === 0) return [];
    let parked = 0;
    for (const id of openIds) {
      const times = resolved.get(id) ?? 0;
      if (id.startsWith('checkout-')) {
        const state = await h.env.client.workflow
          .getHandle(id)
          .query(checkoutStateQuery)
          .catch(() => undefined);
        if (state?.status !== 'needs_attention' || times >= 3) continue;
        parked += 1;
        const orderId = id.slice('checkout-'.length);
        const action = times === 0 ? random.pick(['refund-to-wallet', 'retry'] as const) : times === 1 ? 'refund-to-wallet' : 'cancel';
        const answer = await operator(`/admin/checkouts/${orderId}/${action}`, { reason: `drain: ${action}` });
        say(`~ drain: ${id} parked (${state.attention?.code ?? ''}); operator ${action} → ${answer.status}`);
        resolved.set(id, times + 1);
      } else if (id.startsWith('wallet-top-up-')) {
        const state = await h.env.client.workflow
          .getHandle(id)
          .query(topUpStateQuery)
          .catch(() => undefined);
        if (state?.status !== 'needs_attention' || times >= 2) continue;
        parked += 1;
        const action = times === 0 ? 'retry' : 'cancel';
        await h.env.client.workflow.getHandle(id).signal(topUpOperatorDecisionSignal, { action, by: 'ops_sim', reason: `drain: ${action}` });
        say(`~ drain: ${id} parked; operator ${action}`);
        resolved.set(id, times + 1);
      }
    }
    // Short steps while shoppers' sagas are mid-flight, then days for the manual windows.
    const ms = round < 24 ? 10 * MINUTE : round < 48 ? 3_600_000 : 12 * 3_600_000;
    if (parked > 0) await sleep(200);
    await h.env.sleep(ms);
    await sleep(20);
  }
  const described: string[] = [];
  for (const id of openIds) {
    const state = id.startsWith('checkout-')
      ? await h.env.client.workflow
          .getHandle(id)
          .query(checkoutStateQuery)
          .catch(() => undefined)
      : undefined;
    described.push(state ? `${id} (${state.status}${state.attention ? ` ${state.attention.code}` : ''})` : id);
  }
  return described;
}

/** How each shopper's saga ended, from PostgreSQL. */
async function summarise(h: GatewayHarness, tracked: readonly Tracked[]): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  const add = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  for (const t of tracked) {
    if (t.refused !== undefined) add(`${t.kind} refused:${t.refused}`);
    else if (t.orderId !== undefined) {
      const row = (await h.sql<{ status: string; cancel_reason: string | null }>('select status, cancel_reason from orders where id = ?', [t.orderId]))[0];
      add(`${t.kind} ${row === undefined ? 'no_order' : row.cancel_reason ? `${row.status}:${row.cancel_reason}` : row.status}`);
    } else if (t.topUpId !== undefined) {
      const row = (await h.sql<{ status: string; failure_reason: string | null }>('select status, failure_reason from wallet_top_ups where id = ?', [t.topUpId]))[0];
      add(`${t.kind} ${row === undefined ? 'no_top_up' : row.failure_reason ? `${row.status}:${row.failure_reason}` : row.status}`);
    } else add(`${t.kind} not_started`);
  }
  for (const row of await h.sql<{ resolution: string | null; n: string }>('select resolution, count(*)::text as n from late_payments group by resolution')) {
    outcomes[`late_payment ${row.resolution ?? 'unresolved'}`] = Number(row.n);
  }
  for (const row of await h.sql<{ status: string; n: string }>('select status, count(*)::text as n from refunds group by status')) {
    outcomes[`refund ${row.status}`] = Number(row.n);
  }
  return outcomes;
}

/** The lines to print for a run: the seed to reproduce it first, then what went wrong, then the trace. */
export function describeRun(result: SimulationResult): string {
  const head = `simulation seed ${result.seed} (${result.sagas} sagas, behaviours ${result.behaviours.join(',')}): ${result.ok ? 'ok' : 'FAILED'} in ${result.durationMs} ms`;
  const problems = [
    ...result.violations.map((v) => `  violation: ${v.invariant}: ${v.detail}`),
    ...result.unfinished.map((u) => `  not ended: ${u}`),
    ...result.failures.map((f) => `  failure: ${f}`),
  ];
  const reproduce = `  reproduce: npm run simulate -- --seed ${result.seed} --sagas ${result.sagas}${result.behaviours.length === BEHAVIOURS.length ? '' : ` --behaviours ${result.behaviours.join(',')}`}`;
  return [
    head,
    ...problems,
    reproduce,
    '  outcomes:',
    ...Object.entries(result.outcomes).map(([k, n]) => `    ${k}: ${n}`),
    '  trace:',
    ...result.trace.map((line) => `    ${line}`),
  ].join('\n');
}
