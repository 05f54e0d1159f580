import type { PaymentStatusReport } from '../../../src/payments/ports/payment-gateway.js';
import { parseMoney, type Money } from '../../../src/shared/money.js';
import type { Result } from '../../../src/shared/result.js';
import { minorUnitsIn, moneyFromMinor, statusReport, type MappedStatus, type MinorAmountError } from '../mapping.js';
import type { IkhokhaStatusResponse } from './client.js';

/** iK Pay takes South African rand, in cents. */
export const IKHOKHA_CURRENCY = 'ZAR';

type Mapped = MappedStatus;

/**
 * iKhokha's paylink statuses, upper-cased. Only `PAID` (status API) and `SUCCESS` / `FAILURE`
 * (callbacks) appear in any source, all third-party, and only they mean paid. The others are the
 * obvious spellings of the states a paylink passes through (waiting, declined, cancelled, expired,
 * refunded), so that a plausible answer is held or closed instead of sent to a person. Anything
 * else is `review`: never fulfilled and never failed on a guess.
 */
const STATUS_TABLE: ReadonlyMap<string, Mapped> = new Map<string, Mapped>([
  ['PAID', { status: 'completed' }],
  ['SUCCESS', { status: 'completed' }],
  // An open paylink nobody has paid yet (the sandbox's `PENDING`, and its obvious spellings):
  // keep waiting; after the link's expiry and the grace it means never paid.
  ['PENDING', { status: 'pending', notStarted: true }],
  ['CREATED', { status: 'pending', notStarted: true }],
  ['ACTIVE', { status: 'pending', notStarted: true }],
  ['UNPAID', { status: 'pending', notStarted: true }],
  // A payment on its way: hold, however late.
  ['PROCESSING', { status: 'pending' }],
  ['FAILURE', { status: 'failed', reason: 'failed' }],
  ['FAILED', { status: 'failed', reason: 'failed' }],
  ['DECLINED', { status: 'failed', reason: 'failed' }],
  ['CANCELLED', { status: 'failed', reason: 'cancelled' }],
  ['CANCELED', { status: 'failed', reason: 'cancelled' }],
  ['EXPIRED', { status: 'failed', reason: 'expired' }],
  ['REFUNDED', { status: 'failed', reason: 'refunded' }],
  // Some money went back: a person decides.
  ['PARTIALLY_REFUNDED', { status: 'review' }],
]);

/** Our vocabulary for one iKhokha status string, case and separator insensitive (`partially refunded` = `PARTIALLY_REFUNDED`). */
export function mapIkhokhaStatus(status: string): Mapped {
  return (
    STATUS_TABLE.get(
      status
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_'),
    ) ?? { status: 'review' }
  );
}

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
