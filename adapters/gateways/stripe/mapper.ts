import { format, isIsoCurrency, minorUnitExponent, parseMoney, type Money } from '../../../src/shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../../src/shared/result.js';
import type { PaymentStatusReport, RefundReport } from '../../../src/payments/ports/payment-gateway.js';
import { positiveMinor, statusReport, type MappedStatus } from '../mapping.js';
import type { StripeCharge, StripeCheckoutSession, StripePaymentIntent, StripeRefund } from './client.js';

/**
 * A Checkout Session as re-read from Stripe, with its PaymentIntent (when there is one yet) and
 * that PaymentIntent's latest Charge (when expanded), which tells about refunds.
 */
export interface StripeCheckoutSnapshot {
  readonly session: StripeCheckoutSession;
  readonly paymentIntent: StripePaymentIntent | null;
}

type Mapped = MappedStatus;

const PENDING: Mapped = { status: 'pending' };
const NOT_STARTED: Mapped = { status: 'pending', notStarted: true };
const REVIEW: Mapped = { status: 'review' };

/**
 * A session that is still `open`: the shopper may pay (again) on the hosted page until it
 * expires. No PaymentIntent yet, or one in `requires_payment_method` (a declined card: Checkout
 * keeps the session open for another one), is "not paid yet". Any other intent status is a
 * payment under way (3-D Secure, a confirmation, a bank's answer, a success not yet on the
 * session): held however late, never expired on a guess.
 */
function openSession(intent: StripePaymentIntent | null): Mapped {
  return intent === null || intent.status === 'requires_payment_method' ? NOT_STARTED : PENDING;
}

/**
 * PaymentIntent statuses of a session that is `complete` but `unpaid` (a delayed method such as
 * a bank debit): `processing` is money on its way, never failed and never fulfilled.
 */
const UNPAID_INTENT_TABLE: ReadonlyMap<string, Mapped> = new Map<string, Mapped>([
  ['processing', PENDING],
  ['requires_action', PENDING],
  ['requires_confirmation', PENDING],
  // After `checkout.session.async_payment_failed` the intent goes back here, and a completed
  // session cannot be paid again.
  ['requires_payment_method', { status: 'failed', reason: 'failed' }],
  ['canceled', { status: 'failed', reason: 'cancelled' }],
  // Not yet reflected on the session (the two are updated separately): hold until both agree.
  ['succeeded', PENDING],
  // We never ask for manual capture: a person should look.
  ['requires_capture', REVIEW],
]);

/**
 * Decides from Stripe's own answer, never from a redirect or an event body:
 * - `complete` + `paid` + PaymentIntent `succeeded` → completed, unless refunded since;
 * - `open` → pending (the shopper may still pay, even after pressing Cancel or a declined card),
 *   `notStarted` unless a payment is under way;
 * - `expired` → failed (expired);
 * - `complete` + `unpaid` → by the PaymentIntent (`processing` is pending);
 * - anything else (`no_payment_required`, unknown statuses, a paid session without a
 *   succeeded PaymentIntent) → review.
 * The amount is what the PaymentIntent received, in its currency, whatever the order expected.
 */
export function toPaymentStatusReport({ session, paymentIntent }: StripeCheckoutSnapshot): PaymentStatusReport {
  const gatewayPaymentId = session.id;
  const gatewayStatus = describeStatus(session, paymentIntent);
  const mapped = decide(session, paymentIntent);
  return statusReport(mapped, gatewayPaymentId, gatewayStatus, () => {
    // decide() only answers completed with a succeeded intent.
    if (paymentIntent === null) return { status: 'review', gatewayPaymentId, gatewayStatus };
    const amount = fromStripeAmount(paymentIntent.amount_received, paymentIntent.currency);
    if (!amount.ok) return { status: 'review', gatewayPaymentId, gatewayStatus };
    return { status: 'completed', gatewayPaymentId, transactionId: paymentIntent.id, amount: amount.value, gatewayStatus, ...paidWithOf(paymentIntent) };
  });
}

/**
 * A PaymentIntent made on its own (a saved method paid off-session), read by its `pi_…` id:
 * - `succeeded` → completed (transaction: the PaymentIntent, as on the session path), unless refunded since;
 * - `requires_action` (authentication not done yet), `requires_payment_method` (nothing taken),
 *   `requires_confirmation` → pending, not started;
 * - `processing` → pending (money on its way);
 * - `canceled` → failed (cancelled);
 * - anything else → review.
 */
export function toIntentStatusReport(intent: StripePaymentIntent): PaymentStatusReport {
  const gatewayPaymentId = intent.id;
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const refunded = charge !== null && charge !== undefined && charge.amount_refunded > 0;
  const gatewayStatus = refunded ? `${intent.status}/${charge.refunded ? 'refunded' : 'partially_refunded'}` : intent.status;
  const mapped: Mapped = intent.status === 'succeeded' ? (refundState(charge ?? null) ?? { status: 'completed' }) : (INTENT_TABLE.get(intent.status) ?? REVIEW);
  return statusReport(mapped, gatewayPaymentId, gatewayStatus, () => {
    const amount = fromStripeAmount(intent.amount_received, intent.currency);
    if (!amount.ok) return { status: 'review', gatewayPaymentId, gatewayStatus };
    return { status: 'completed', gatewayPaymentId, transactionId: intent.id, amount: amount.value, gatewayStatus, ...paidWithOf(intent) };
  });
}

const INTENT_TABLE: ReadonlyMap<string, Mapped> = new Map<string, Mapped>([
  ['requires_action', NOT_STARTED],
  ['requires_payment_method', NOT_STARTED],
  ['requires_confirmation', NOT_STARTED],
  ['processing', PENDING],
  ['canceled', { status: 'failed', reason: 'cancelled' }],
  ['requires_capture', REVIEW],
]);

type PaidWith = NonNullable<Extract<PaymentStatusReport, { status: 'completed' }>['paidWith']>;

/** `paidWith` from the latest Charge's `payment_method_details` (or the expanded PaymentMethod): brand, last four, wallet. */
export function paidWithOf(intent: StripePaymentIntent): { paidWith?: PaidWith } {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const details = charge?.payment_method_details;
  const method = typeof intent.payment_method === 'object' ? intent.payment_method : null;
  const type = details?.type ?? method?.type;
  if (type === undefined) return {};
  const card = details?.card ?? method?.card ?? null;
  const paidWith: PaidWith = {
    type,
    ...(typeof card?.brand === 'string' && { brand: card.brand }),
    ...(typeof card?.last4 === 'string' && { last4: card.last4 }),
    ...(card?.wallet?.type !== undefined && { wallet: card.wallet.type }),
  };
  return { paidWith };
}

function decide(session: StripeCheckoutSession, intent: StripePaymentIntent | null): Mapped {
  switch (session.status) {
    case 'open':
      return openSession(intent);
    case 'expired':
      return { status: 'failed', reason: 'expired' };
    case 'complete':
      break;
    default:
      return REVIEW;
  }
  if (intent === null) return REVIEW;
  if (session.payment_status === 'paid') {
    if (intent.status !== 'succeeded') return REVIEW;
    const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
    return refundState(charge) ?? { status: 'completed' };
  }
  if (session.payment_status === 'unpaid') return UNPAID_INTENT_TABLE.get(intent.status) ?? REVIEW;
  // `no_payment_required` (we never create a free session) or a status Stripe adds later.
  return REVIEW;
}

/** A fully refunded charge means the payment is given back; a partial refund needs a person. */
function refundState(charge: StripeCharge | null): Mapped | undefined {
  if (charge === null || charge.amount_refunded === 0) return undefined;
  if (charge.refunded || charge.amount_refunded >= charge.amount) return { status: 'failed', reason: 'refunded' };
  return REVIEW;
}

/** `complete/paid/succeeded`: session status, payment status and, when there is one, the PaymentIntent's. */
function describeStatus(session: StripeCheckoutSession, intent: StripePaymentIntent | null): string {
  const parts = [session.status ?? 'null', session.payment_status];
  if (intent !== null) parts.push(intent.status);
  const charge = intent !== null && typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  if (charge !== null && charge !== undefined && charge.amount_refunded > 0) parts.push(charge.refunded ? 'refunded' : 'partially_refunded');
  return parts.join('/');
}

/**
 * Refund statuses → ours. `succeeded` is the only completed one; `pending` and
 * `requires_action` (and a status we do not know) stay pending: never a phantom refund.
 */
export function toRefundReport(refund: StripeRefund): RefundReport {
  const gatewayStatus = refund.status ?? 'null';
  switch (refund.status) {
    case 'succeeded':
      return { status: 'completed', gatewayRefundId: refund.id, gatewayStatus };
    case 'failed':
    case 'canceled':
      return { status: 'failed', gatewayRefundId: refund.id, gatewayStatus };
    default:
      return { status: 'pending', gatewayRefundId: refund.id, gatewayStatus };
  }
}

export type StripeAmountError = DomainError<'payments.invalid_amount' | 'payments.unsupported_currency'>;

/**
 * Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal): `amount` is whole
 * units. MGA is two-decimal in ISO 4217, so only whole ariary can go.
 */
export const STRIPE_ZERO_DECIMAL: ReadonlySet<string> = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/**
 * Stripe's three-decimal currencies: `amount` is thousandths, and "the least-significant (last)
 * digit" must be 0 for Stripe's payment partners (docs.stripe.com/currencies#three-decimal).
 */
export const STRIPE_THREE_DECIMAL: ReadonlySet<string> = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/**
 * Decimals of Stripe's `amount` for an upper-case ISO code. Everything not listed above is
 * two-decimal in Stripe's API — ISK too, although ISO 4217 gives it none: "ISK will remain a
 * two-decimal currency in the Stripe API" and amounts must be multiples of 100 (Stripe support,
 * "Deprecation of fractional ISK charges and refunds"), which whole krónur always are.
 */
export function stripeDecimals(currency: string): 0 | 2 | 3 {
  return STRIPE_ZERO_DECIMAL.has(currency) ? 0 : STRIPE_THREE_DECIMAL.has(currency) ? 3 : 2;
}

/**
 * Our Money → Stripe's `{ amount, currency }`: a positive integer of Stripe's smallest unit,
 * lower-case ISO code. Our ISO 4217 minor units are rescaled where Stripe's decimals differ
 * (ISK ×100, MGA ÷100); an amount Stripe cannot take exactly is refused, never rounded.
 */
export function toStripeAmount(amount: Money): Result<{ readonly amount: number; readonly currency: string }, StripeAmountError> {
  if (!isIsoCurrency(amount.currency)) {
    return err(domainError('payments.unsupported_currency', `Stripe needs an ISO 4217 currency, got ${JSON.stringify(amount.currency)}`, { currency: amount.currency }));
  }
  const minor = positiveMinor('Stripe', amount, 'integer of the smallest unit');
  if (!minor.ok) return minor;
  const iso = minorUnitExponent(amount.currency);
  const decimals = stripeDecimals(amount.currency);
  const finer = 10 ** Math.max(0, iso - decimals);
  const inexact = (why: string) =>
    err(
      domainError('payments.invalid_amount', `${why}: ${format(amount)} cannot be sent without rounding`, {
        amountMinor: amount.amountMinor,
        currency: amount.currency,
        stripeDecimals: decimals,
      }),
    );
  if (amount.amountMinor % finer !== 0) return inexact(`Stripe takes ${amount.currency} with ${decimals === 0 ? 'no decimals' : `${decimals} decimals`}`);
  const units = (amount.amountMinor / finer) * 10 ** Math.max(0, decimals - iso);
  if (!Number.isSafeInteger(units)) return inexact(`${amount.currency} in Stripe's unit overflows`);
  if (decimals === 3 && units % 10 !== 0) return inexact(`Stripe takes ${amount.currency} with the last of three decimals 0`);
  return ok({ amount: units, currency: amount.currency.toLowerCase() });
}

/** Stripe's smallest unit and lower-case currency → our Money, rescaled to ISO 4217 minor units (ISK ÷100). */
export function fromStripeAmount(amount: number, currency: string): Result<Money, DomainError> {
  const code = currency.toUpperCase();
  if (!Number.isSafeInteger(amount) || !isIsoCurrency(code)) return parseMoney(amount, code);
  const iso = minorUnitExponent(code);
  const decimals = stripeDecimals(code);
  const coarser = 10 ** Math.max(0, decimals - iso);
  if (amount % coarser !== 0) {
    return err(domainError('payments.invalid_amount', `Stripe's ${amount} ${currency} is finer than one ISO 4217 minor unit of ${code}`, { amount, currency }));
  }
  return parseMoney((amount / coarser) * 10 ** Math.max(0, iso - decimals), code);
}
