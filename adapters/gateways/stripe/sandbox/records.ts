import { randomString } from '../../sandbox-kit/index.js';

/** The records the Stripe sandbox keeps, Stripe's API error, and Stripe's currency decimals. */

export type Json = Record<string, unknown>;

export /** Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal): amounts in whole units. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
/** Stripe's three-decimal currencies: amounts in thousandths whose last digit must be 0. */
export const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

export interface ChargeRecord {
  id: string;
  amount: number;
  amountRefunded: number;
  currency: string;
  paymentIntentId: string;
  metadata: Record<string, string>;
  created: number;
  /** The method charged (its card's brand, last four, wallet). */
  paymentMethod?: PaymentMethodRecord | null;
}

/** How a test PaymentMethod behaves when charged. */
export type CardBehaviour = 'succeeds' | 'declined' | 'expired' | 'authentication';

export interface PaymentMethodRecord {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** `google_pay` when paid through the wallet. */
  wallet: string | null;
  customer: string | null;
  behaviour: CardBehaviour;
  created: number;
}

export interface CustomerRecord {
  id: string;
  email: string | null;
  metadata: Record<string, string>;
  created: number;
}

/** What `intents` finds a PaymentIntent by: its Checkout Session, or (for one made on its own) a holder with its id. */
export interface IntentHolder {
  readonly id: string;
  intent: IntentRecord | null;
}

export interface IntentRecord {
  id: string;
  status: string;
  amount: number;
  amountReceived: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  charge: ChargeRecord | null;
  lastPaymentError: Json | null;
  canceledAt: number | null;
  created: number;
  customer?: string | null;
  paymentMethod?: PaymentMethodRecord | null;
  setupFutureUsage?: string | null;
  /** Where the bank's page sends the shopper back; with `requires_action`, that page's url. */
  returnUrl?: string | null;
  nextActionUrl?: string | null;
  clientSecret?: string;
}

export interface SessionRecord {
  id: string;
  status: string;
  paymentStatus: string;
  amountTotal: number;
  currency: string;
  productName: string;
  lineItems: Json[];
  clientReferenceId: string | null;
  customerEmail: string | null;
  metadata: Record<string, string>;
  intentMetadata: Record<string, string>;
  intentDescription: string | null;
  successUrl: string;
  cancelUrl: string | null;
  created: number;
  expiresAt: number;
  intent: IntentRecord | null;
  customer?: string | null;
  setupFutureUsage?: string | null;
}

export interface RefundRecord {
  id: string;
  amount: number;
  currency: string;
  charge: ChargeRecord;
  status: string;
  metadata: Record<string, string>;
  failureReason: string | null;
  created: number;
}

export interface EventRecord {
  id: string;
  type: string;
  body: string;
}

export interface IdempotentResult {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: string;
}

export /** A Stripe API error: `{ "error": { type, code?, message, param?, doc_url? } }` with its HTTP status. */
class StripeApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /** More fields of the error object (`decline_code`, `payment_intent`). */
    readonly extra?: Json,
  ) {
    super(message);
  }
}

export const SESSION_PARAMS = new Set([
  'mode',
  'line_items',
  'success_url',
  'cancel_url',
  'client_reference_id',
  'metadata',
  'payment_intent_data',
  'customer_email',
  'expires_at',
  'expand',
  'locale',
  'payment_method_types',
  'customer',
]);

export const randomId = (length: number): string => randomString(length);
