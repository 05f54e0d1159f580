import { randomUUID } from 'node:crypto';
import { definedFields, randomString, UPPER_ALNUM } from '../../sandbox-kit/index.js';
import { PAYPAL_CURRENCIES } from '../mapper.js';
import type { PayPalNextCapture, PayPalSandboxMoney, PayPalSandboxOrder, PayPalSandboxRefund } from './types.js';

/** The records the PayPal sandbox keeps, PayPal's REST error, and the amounts and ids in PayPal's shapes. */

/** Currencies PayPal's REST API accepts (the adapter declares the same list); HUF, JPY and TWD take no decimals. */
export const CURRENCIES: ReadonlySet<string> = new Set(PAYPAL_CURRENCIES);
export const WHOLE_ONLY = new Set(['HUF', 'JPY', 'TWD']);
export const TOKEN_SECONDS = 32_400;

export interface RefundRecord {
  id: string;
  status: string;
  amount: PayPalSandboxMoney;
  customId?: string;
  noteToPayer?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CaptureRecord {
  id: string;
  status: string;
  amount: PayPalSandboxMoney;
  refunds: RefundRecord[];
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderRecord {
  id: string;
  status: string;
  referenceId: string;
  customId?: string;
  description?: string;
  amount: PayPalSandboxMoney;
  returnUrl?: string;
  cancelUrl?: string;
  withPaymentSource: boolean;
  payer?: { payerId: string; email: string };
  payerCancelled: boolean;
  capture?: CaptureRecord;
  nextCapture?: PayPalNextCapture;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

/** PayPal's REST error, `{ name, message, debug_id, details[], links[] }`. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly details: readonly { field?: string; value?: string; issue: string; description: string }[],
  ) {
    super(details[0]?.issue ?? 'error');
  }
}

export const OPEN = new Set(['CREATED', 'PAYER_ACTION_REQUIRED', 'SAVED']);

export const notFound = (): ApiError =>
  new ApiError(404, [{ field: 'order_id', issue: 'INVALID_RESOURCE_ID', description: 'Specified resource ID does not exist. Please check the resource ID and try again.' }]);

export function cents(m: PayPalSandboxMoney): number {
  const [major = '0', minor = ''] = m.value.split('.');
  return WHOLE_ONLY.has(m.currency_code) ? Number(major) : Number(major) * 100 + Number(minor.padEnd(2, '0'));
}

export function fromCents(n: number, currency: string): string {
  return WHOLE_ONLY.has(currency) ? String(n) : `${Math.trunc(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

/** Upper-case letters and digits, the shape of PayPal's order, capture, refund and payer ids. */
export const newId = (length: number): string => randomString(length, UPPER_ALNUM);

const TOKEN_CHARS = `${UPPER_ALNUM}abcdefghijklmnopqrstuvwxyz-_`;
export const newToken = (): string => randomString(90, TOKEN_CHARS);

export const debugId = (): string => randomUUID().replace(/-/g, '').slice(0, 13);

/** `2025-03-14T12:00:00Z`: PayPal's timestamps carry whole seconds. */
export function isoSeconds(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

export function refundSnapshot(r: RefundRecord): PayPalSandboxRefund {
  return {
    id: r.id,
    status: r.status,
    amount: r.amount,
    ...definedFields({ customId: r.customId, noteToPayer: r.noteToPayer }),
    createdAt: r.createdAt.toISOString(),
  };
}

export function snapshot(o: OrderRecord): PayPalSandboxOrder {
  const c = o.capture;
  return structuredClone({
    id: o.id,
    status: o.status,
    referenceId: o.referenceId,
    ...(o.customId !== undefined && { customId: o.customId }),
    ...(o.description !== undefined && { description: o.description }),
    amount: o.amount,
    ...(o.returnUrl !== undefined && { returnUrl: o.returnUrl }),
    ...(o.cancelUrl !== undefined && { cancelUrl: o.cancelUrl }),
    ...(o.payer !== undefined && { payer: o.payer }),
    payerCancelled: o.payerCancelled,
    ...(c !== undefined && {
      capture: {
        id: c.id,
        status: c.status,
        amount: c.amount,
        refunds: c.refunds.map(refundSnapshot),
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
      },
    }),
    createdAt: o.createdAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
  });
}
