import type { PaymentStatusReport } from '../../../src/payments/ports/payment-gateway.js';
import { parseMoney, type Money } from '../../../src/shared/money.js';
import type { Result } from '../../../src/shared/result.js';
import { minorUnitsIn, moneyFromMinor, statusReport, statusVocabulary, type MinorAmountError } from '../mapping.js';
import type { IkhokhaStatusResponse } from './client.js';

/** iK Pay takes South African rand, in cents. */
export const IKHOKHA_CURRENCY = 'ZAR';

/**
 * iKhokha's paylink statuses, upper-cased. Only `PAID` (status API) and `SUCCESS` / `FAILURE`
 * (callbacks) appear in any source, all third-party, and only they mean paid. The others are the
 * obvious spellings of the states a paylink passes through (waiting, declined, cancelled, expired,
 * refunded), so that a plausible answer is held or closed instead of sent to a person. Anything
 * else is `review`: never fulfilled and never failed on a guess. Case and separator insensitive
 * (`partially refunded` = `PARTIALLY_REFUNDED`).
 */
export const mapIkhokhaStatus = statusVocabulary(
  {
    completed: ['PAID', 'SUCCESS'],
    // An open paylink nobody has paid yet (the sandbox's `PENDING`, and its obvious spellings):
    // keep waiting; after the link's expiry and the grace it means never paid.
    notStarted: ['PENDING', 'CREATED', 'ACTIVE', 'UNPAID'],
    // A payment on its way: hold, however late.
    pending: ['PROCESSING'],
    failed: ['FAILURE', 'FAILED', 'DECLINED'],
    cancelled: ['CANCELLED', 'CANCELED'],
    expired: ['EXPIRED'],
    refunded: ['REFUNDED'],
    // Some money went back: a person decides.
    review: ['PARTIALLY_REFUNDED'],
  },
  (status) =>
    status
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_'),
);

/**
 * Maps a `getStatus` answer. The paylink asked about is the payment id: an answer naming another
 * paylink goes to review. A paid answer needs its amount (cents; ZAR unless the answer says
 * otherwise, so a currency mismatch surfaces in verification); without one it goes to review. The
 * transaction id recorded in the ledger is the paylink id: iKhokha documents no other.
 */
export function toPaymentStatusReport(answer: IkhokhaStatusResponse, paylinkId: string): PaymentStatusReport {
  const gatewayPaymentId = paylinkId;
  const gatewayStatus = answer.status;
  if (answer.paylinkID !== undefined && answer.paylinkID !== paylinkId) return { status: 'review', gatewayPaymentId, gatewayStatus };
  const mapped = mapIkhokhaStatus(gatewayStatus);
  return statusReport(mapped, gatewayPaymentId, gatewayStatus, () => {
    if (answer.amount === undefined) return { status: 'review', gatewayPaymentId, gatewayStatus };
    const amount = parseMoney(answer.amount, answer.currency?.toUpperCase() ?? IKHOKHA_CURRENCY);
    if (!amount.ok) return { status: 'review', gatewayPaymentId, gatewayStatus };
    return { status: 'completed', gatewayPaymentId, transactionId: paylinkId, amount: amount.value, gatewayStatus };
  });
}

export type IkhokhaAmountError = MinorAmountError;

/** Our Money → iKhokha's `amount`: a positive integer of cents, ZAR only (R100.00 → 10000). */
export function toIkhokhaAmount(amount: Money): Result<number, IkhokhaAmountError> {
  return minorUnitsIn('iKhokha', amount, IKHOKHA_CURRENCY, 'integer of cents');
}

/** iKhokha's cents → our Money. Throws on a non-integer: zod has already checked the wire value. */
export function fromIkhokhaAmount(cents: number): Money {
  return moneyFromMinor(cents, IKHOKHA_CURRENCY);
}
