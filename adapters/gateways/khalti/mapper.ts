import { parseMoney, type Money } from '../../../src/shared/money.js';
import type { Result } from '../../../src/shared/result.js';
import type { PaymentStatusReport } from '../../../src/payments/ports/payment-gateway.js';
import { minorUnitsIn, moneyFromMinor, statusReport, statusVocabulary, type MinorAmountError } from '../mapping.js';
import type { KhaltiLookupResponse } from './client.js';

/** Khalti only takes Nepalese rupees, in paisa. */
export const KHALTI_CURRENCY = 'NPR';

/** Lookup statuses Khalti documents; the wire may carry others (and other casings). */
export type KhaltiLookupStatus = 'Initiated' | 'Pending' | 'Completed' | 'Refunded' | 'Partially Refunded' | 'Expired' | 'User canceled';

// Statuses are compared lower case: Khalti's docs spell "Partially Refunded" and "Partially refunded".
const khaltiStatus = statusVocabulary(
  {
    completed: ['completed'],
    // Money may still arrive: hold, never fail and never fulfil.
    pending: ['pending'],
    // The link is open and the shopper has not paid yet: keep waiting until it expires (Khalti
    // then answers `Expired`).
    notStarted: ['initiated'],
    expired: ['expired'],
    // The docs' lookup guide names "Canceled" and "Failed" among the statuses to treat as failed.
    cancelled: ['user canceled', 'canceled'],
    failed: ['failed'],
    refunded: ['refunded'],
    // Not in Khalti's action table, so "hold and contact Khalti": a person decides.
    review: ['partially refunded'],
  },
  (status) => status.trim().toLowerCase(),
);

/**
 * Maps a lookup answer to our vocabulary. The amount is always NPR paisa, whatever the caller
 * expected, so a currency mismatch with the order shows up in verification instead of being
 * papered over here. A `Completed` answer without a transaction id cannot be recorded in the
 * ledger, so it goes to review.
 */
export function toPaymentStatusReport(lookup: KhaltiLookupResponse): PaymentStatusReport {
  const gatewayPaymentId = lookup.pidx;
  const gatewayStatus = lookup.status;
  return statusReport(khaltiStatus(gatewayStatus), gatewayPaymentId, gatewayStatus, () => {
    const transactionId = lookup.transaction_id ?? '';
    const amount = parseMoney(lookup.total_amount, KHALTI_CURRENCY);
    if (transactionId === '' || !amount.ok) return { status: 'review', gatewayPaymentId, gatewayStatus };
    return { status: 'completed', gatewayPaymentId, transactionId, amount: amount.value, gatewayStatus };
  });
}

export type KhaltiAmountError = MinorAmountError;

/** Our Money → Khalti's `amount`: a positive integer of paisa, NPR only. */
export function toKhaltiAmount(amount: Money): Result<number, KhaltiAmountError> {
  return minorUnitsIn('Khalti', amount, KHALTI_CURRENCY, 'integer of paisa');
}

/** Khalti's paisa → our Money. Throws on a non-integer: zod has already checked the wire value. */
export function fromKhaltiAmount(paisa: number): Money {
  return moneyFromMinor(paisa, KHALTI_CURRENCY);
}
