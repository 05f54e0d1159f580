import { randomString } from '../../sandbox-kit/index.js';
import type { RazorpaySandboxPayment, RazorpaySandboxRefund } from './types.js';

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

export function paymentEntity(p: PaymentRecord): Record<string, unknown> {
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
    card_id: null,
    bank: null,
    wallet: null,
    vpa: p.method === 'upi' ? 'success@razorpay' : null,
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
