import type { PaymentCallback } from '../../../src/payments/ports/payment-gateway.js';
import { ok, type Result } from '../../../src/shared/result.js';
import { invalidReturn, singleValue, type ReturnError, type ReturnQuery } from '../return-query.js';

/** Query parameter our `cancel_url` carries, so a cancel is told apart from an approval. */
export const PAYPAL_CANCEL_MARKER = 'paypal_cancel';

export interface PayPalReturnCallback extends PaymentCallback {
  readonly gateway: 'paypal';
  /** `APPROVED` on the return URL, `CANCELLED` on our marked cancel URL. */
  readonly claimedStatus: 'APPROVED' | 'CANCELLED';
  readonly payerId?: string;
}

export type PayPalCallbackError = ReturnError;
export type PayPalReturnQuery = ReturnQuery;

/**
 * Parses PayPal's browser return: `return_url?token=<order id>&PayerID=…` after approval, or
 * `cancel_url?token=<order id>` (our cancel URL adds `paypal_cancel=1`). The parameter names
 * are from third-party sources (UNCONFIRMED by PayPal), so only `token` is required; the
 * redirect is unsigned and only says which order to look up.
 */
export function parsePayPalReturn(query: PayPalReturnQuery): Result<PayPalReturnCallback, PayPalCallbackError> {
  const token = single(query, 'token');
  if (!token.ok) return token;
  if (token.value === undefined || token.value === '') return invalid('token', 'is required');
  if (!/^[A-Za-z0-9-]{1,64}$/.test(token.value)) return invalid('token', 'is not a PayPal order id');
  const payerId = single(query, 'PayerID');
  if (!payerId.ok) return payerId;
  const cancelled = single(query, PAYPAL_CANCEL_MARKER);
  if (!cancelled.ok) return cancelled;
  return ok({
    gateway: 'paypal',
    gatewayPaymentId: token.value,
    claimedStatus: cancelled.value !== undefined ? 'CANCELLED' : 'APPROVED',
    ...(payerId.value !== undefined && payerId.value !== '' && { payerId: payerId.value }),
  });
}

function single(query: PayPalReturnQuery, field: string): Result<string | undefined, PayPalCallbackError> {
  return singleValue('PayPal', query, field);
}

function invalid(field: string, problem: string): Result<never, PayPalCallbackError> {
  return invalidReturn('PayPal', field, problem);
}
