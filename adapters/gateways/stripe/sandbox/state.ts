import { checkWholeNumber, FailNext, recordLookup, SandboxError, type SandboxState, sandboxState } from '../../sandbox-kit/index.js';
import { StripeEvents } from './events.js';
import {
  type ChargeRecord,
  type CustomerRecord,
  type IdempotentResult,
  type IntentHolder,
  type IntentRecord,
  type PaymentMethodRecord,
  randomId,
  type RefundRecord,
  type SessionRecord,
} from './records.js';
import { paymentMethodJson, stripeRendering } from './rendering.js';
import type { StripeRefundStatus, StripeSandboxOptions, StripeSandboxRequest } from './types.js';

/** What the Stripe sandbox remembers, and the changes of state the API, the page and the controls share. */
export type StripeState = ReturnType<typeof createStripeState>;

export function createStripeState(options: StripeSandboxOptions) {
  const base: SandboxState<StripeSandboxOptions, StripeSandboxRequest> = sandboxState(options, new FailNext(500));
  const { now, publicBaseUrl } = base;
  const nowSeconds = (): number => Math.floor(now().getTime() / 1000);
  const expiresInSeconds = options.expiresInSeconds ?? 86_400;

  const sessions = new Map<string, SessionRecord>();
  const intents = new Map<string, IntentHolder>();
  const customers = new Map<string, CustomerRecord>();
  const paymentMethods = new Map<string, PaymentMethodRecord>();
  const refunds = new Map<string, RefundRecord>();
  const idempotency = new Map<string, IdempotentResult>();
  const events = new StripeEvents(options, now);
  const emit = events.emit.bind(events);
  const rendering = stripeRendering(publicBaseUrl);
  const { chargeJson, intentJson, sessionJson } = rendering;

  /** Stripe expires an open session at `expires_at`. */
  const { current, existing } = recordLookup(sessions, 'session', (s) => {
    if (s.status === 'open' && nowSeconds() >= s.expiresAt) expireSession(s);
  });

  function intentFor(s: SessionRecord): IntentRecord {
    if (s.intent === null) {
      s.intent = {
        id: `pi_${randomId(24)}`,
        status: 'requires_payment_method',
        amount: s.amountTotal,
        amountReceived: 0,
        currency: s.currency,
        description: s.intentDescription,
        metadata: { ...s.intentMetadata },
        charge: null,
        lastPaymentError: null,
        canceledAt: null,
        created: nowSeconds(),
        customer: s.customer ?? null,
        setupFutureUsage: s.setupFutureUsage ?? null,
      };
      intents.set(s.intent.id, s);
    }
    return s.intent;
  }

  /** Charges the PaymentIntent: succeeded, with its Charge. */
  function chargeIntent(pi: IntentRecord): ChargeRecord {
    pi.status = 'succeeded';
    pi.amountReceived = pi.amount;
    pi.lastPaymentError = null;
    pi.charge ??= {
      id: `ch_${randomId(24)}`,
      amount: pi.amount,
      amountRefunded: 0,
      currency: pi.currency,
      paymentIntentId: pi.id,
      metadata: { ...pi.metadata },
      created: nowSeconds(),
    };
    pi.charge.amount = pi.amount;
    pi.charge.paymentMethod = pi.paymentMethod ?? null;
    pi.nextActionUrl = null;
    return pi.charge;
  }

  function succeed(s: SessionRecord, pi: IntentRecord): void {
    chargeIntent(pi);
    s.status = 'complete';
    s.paymentStatus = 'paid';
  }

  /** The card the shopper pays with on the hosted page (Google Pay gives a card too); kept for the customer with `setup_future_usage`. */
  function methodOnPage(s: SessionRecord, wallet: string | null): PaymentMethodRecord {
    const pm: PaymentMethodRecord = {
      id: `pm_${randomId(24)}`,
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2034,
      wallet,
      customer: s.customer != null && s.setupFutureUsage != null ? s.customer : null,
      behaviour: 'succeeds',
      created: nowSeconds(),
    };
    paymentMethods.set(pm.id, pm);
    if (pm.customer !== null) emit('payment_method.attached', paymentMethodJson(pm));
    return pm;
  }

  function payNow(s: SessionRecord, opts: { amount?: number; delayed?: boolean; wallet?: string }): void {
    if (s.status !== 'open') throw new SandboxError(`cannot pay a session that is ${s.status}`);
    checkWholeNumber(opts.amount, 'amount');
    const pi = intentFor(s);
    pi.paymentMethod = methodOnPage(s, opts.wallet ?? null);
    if (opts.amount !== undefined) {
      pi.amount = opts.amount;
      s.amountTotal = opts.amount;
    }
    if (opts.delayed === true) {
      pi.status = 'processing';
      s.status = 'complete';
      s.paymentStatus = 'unpaid';
      emit('payment_intent.processing', intentJson(pi, false));
      emit('checkout.session.completed', sessionJson(s, new Set()));
      return;
    }
    succeed(s, pi);
    emit('charge.succeeded', chargeJson(pi.charge as ChargeRecord));
    emit('payment_intent.succeeded', intentJson(pi, false));
    emit('checkout.session.completed', sessionJson(s, new Set()));
  }

  function declineNow(s: SessionRecord): void {
    if (s.status !== 'open') throw new SandboxError(`cannot pay a session that is ${s.status}`);
    const pi = intentFor(s);
    pi.status = 'requires_payment_method';
    pi.lastPaymentError = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
    emit('payment_intent.payment_failed', intentJson(pi, false));
  }

  function expireSession(s: SessionRecord): void {
    s.status = 'expired';
    if (s.expiresAt > nowSeconds()) s.expiresAt = nowSeconds();
    const pi = s.intent;
    if (pi !== null && pi.status !== 'succeeded' && pi.status !== 'canceled') {
      pi.status = 'canceled';
      pi.canceledAt = nowSeconds();
      emit('payment_intent.canceled', intentJson(pi, false));
    }
    emit('checkout.session.expired', sessionJson(s, new Set()));
  }

  function refundable(charge: ChargeRecord): number {
    let held = charge.amountRefunded;
    for (const r of refunds.values()) if (r.charge === charge && (r.status === 'pending' || r.status === 'requires_action')) held += r.amount;
    return charge.amount - held;
  }

  return {
    ...base,
    nowSeconds,
    expiresInSeconds,
    sessions,
    intents,
    customers,
    paymentMethods,
    refunds,
    idempotency,
    events,
    emit,
    rendering,
    /** The status the next refunds are created with. */
    nextRefundStatus: 'succeeded' as StripeRefundStatus,
    current,
    existing,
    intentFor,
    chargeIntent,
    succeed,
    payNow,
    declineNow,
    expireSession,
    refundable,
  };
}
