import { randomString } from '../../sandbox-kit/index.js';
import type { RazorpaySandboxCard, RazorpaySandboxPayment, RazorpaySandboxRefund } from './types.js';

/** The records the Razorpay sandbox keeps, and how Razorpay's API and the controls render them. */

export interface OrderRecord {
  id: string;
  status: string;
  amount: number;
  amountPaid: number;
  currency: string;
  receipt: string | null;
  attempts: number;
  notes: Record<string, string>;
  checkoutExpired: boolean;
  createdAt: Date;
}

export interface PaymentRecord {
  id: string;
  orderId: string;
  status: string;
  amount: number;
  currency: string;
  method: string;
  captured: boolean;
  amountRefunded: number;
  refundStatus: 'partial' | 'full' | null;
  errorCode: string | null;
  errorDescription: string | null;
  errorSource: string | null;
  errorStep: string | null;
  errorReason: string | null;
  /** The saved card paid with, or the card saved by this payment (`save=1`). */
  tokenId: string | null;
  customerId: string | null;
  /** A card payment's card: what Razorpay shows of it. */
  card: CardRecord | null;
  /** A UPI payment's payer address. */
  vpa: string | null;
  createdAt: Date;
}

/** What the sandbox keeps of a test card: never a number, only what Razorpay shows. */
export type CardRecord = RazorpaySandboxCard;

export interface CustomerRecord {
  id: string;
  name: string | null;
  email: string | null;
  contact: string | null;
  notes: Record<string, string>;
  createdAt: Date;
}

export interface TokenRecord {
  id: string;
  customerId: string;
  card: CardRecord;
  usedAt: Date | null;
  createdAt: Date;
}

export interface RefundRecord {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: string;
  speedRequested: string;
  receipt: string | null;
  notes: Record<string, string>;
  idempotencyKey: string | null;
  requestHash: string;
  createdAt: Date;
}

/** Razorpay serialises empty `notes` as `[]`. */
const wireNotes = (notes: Readonly<Record<string, string>>): Record<string, string> | [] => (Object.keys(notes).length === 0 ? [] : { ...notes });

export function orderEntity(o: OrderRecord): Record<string, unknown> {
  return {
    id: o.id,
    entity: 'order',
    amount: o.amount,
    amount_paid: o.amountPaid,
    amount_due: o.amount - o.amountPaid,
    currency: o.currency,
    receipt: o.receipt,
    offer_id: null,
    status: o.status,
    attempts: o.attempts,
    notes: wireNotes(o.notes),
    created_at: unix(o.createdAt),
  };
}

/** A payment as `GET /v1/payments/{id}` answers it; `expandCard` as with `?expand[]=card`. */
export function paymentEntity(p: PaymentRecord, expandCard = false): Record<string, unknown> {
  return {
    id: p.id,
    entity: 'payment',
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    order_id: p.orderId,
    invoice_id: null,
    international: false,
    method: p.method,
    amount_refunded: p.amountRefunded,
    refund_status: p.refundStatus,
    captured: p.captured,
    description: null,
    card_id: p.card?.id ?? null,
    ...(expandCard && p.card !== null && { card: cardEntity(p.card) }),
    bank: null,
    wallet: null,
    vpa: p.method === 'upi' ? (p.vpa ?? 'success@razorpay') : null,
    ...(p.method === 'upi' && { upi: { payer_account_type: 'bank_account', vpa: p.vpa ?? 'success@razorpay', flow: p.vpa === null ? 'collect' : 'intent' } }),
    token_id: p.tokenId,
    customer_id: p.customerId,
    email: 'void@razorpay.com',
    contact: '+919900000000',
    notes: [],
    fee: p.captured ? Math.round(p.amount * 0.02) : null,
    tax: p.captured ? Math.round(p.amount * 0.02 * 0.18) : null,
    error_code: p.errorCode,
    error_description: p.errorDescription,
    error_source: p.errorSource,
    error_step: p.errorStep,
    error_reason: p.errorReason,
    acquirer_data: {},
    created_at: unix(p.createdAt),
  };
}

export function cardEntity(c: CardRecord, withExpiry = false): Record<string, unknown> {
  return {
    id: c.id,
    entity: 'card',
    name: '',
    last4: c.last4,
    network: c.network,
    type: c.type,
    issuer: c.issuer,
    international: false,
    emi: false,
    sub_type: 'consumer',
    ...(withExpiry && { expiry_month: c.expiryMonth, expiry_year: c.expiryYear, flows: { otp: true, recurring: false } }),
  };
}

export function customerEntity(c: CustomerRecord): Record<string, unknown> {
  return { id: c.id, entity: 'customer', name: c.name, email: c.email, contact: c.contact, gstin: null, notes: wireNotes(c.notes), created_at: unix(c.createdAt) };
}

export function tokenEntity(t: TokenRecord): Record<string, unknown> {
  return {
    id: t.id,
    entity: 'token',
    token: t.id.slice('token_'.length),
    bank: null,
    wallet: null,
    method: 'card',
    card: cardEntity(t.card, true),
    recurring: false,
    recurring_details: { status: 'not_applicable', failure_reason: null },
    auth_type: null,
    mrn: null,
    used_at: t.usedAt === null ? null : unix(t.usedAt),
    created_at: unix(t.createdAt),
    expired_at: Math.floor(Date.UTC(t.card.expiryYear, t.card.expiryMonth, 1) / 1000),
    status: 'active',
    notes: [],
    dcc_enabled: false,
    compliant_with_tokenisation_guidelines: true,
  };
}

export function refundEntity(r: RefundRecord): Record<string, unknown> {
  return {
    id: r.id,
    entity: 'refund',
    amount: r.amount,
    currency: r.currency,
    payment_id: r.paymentId,
    notes: wireNotes(r.notes),
    receipt: r.receipt,
    acquirer_data: { arn: null },
    created_at: unix(r.createdAt),
    batch_id: null,
    status: r.status,
    speed_processed: 'normal',
    speed_requested: r.speedRequested,
  };
}

export function paymentSnapshot(p: PaymentRecord): RazorpaySandboxPayment {
  return structuredClone({ ...p, createdAt: p.createdAt.toISOString() });
}

export function refundSnapshot(r: RefundRecord): RazorpaySandboxRefund {
  const { requestHash: _requestHash, ...rest } = r;
  return structuredClone({ ...rest, createdAt: r.createdAt.toISOString() });
}

/** 14 base62 characters, the shape of Razorpay's ids after the prefix (`order_`, `pay_`, `rfnd_`). */
export const newId = (): string => randomString(14);
export const newEventId = newId;

export const unix = (d: Date): number => Math.floor(d.getTime() / 1000);
