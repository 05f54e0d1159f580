import { parseMoney, type Money } from '../../../src/shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../../src/shared/result.js';
import type { PaymentStatusReport } from '../../../src/payments/ports/payment-gateway.js';
import { onlyCurrency, positiveMinor, statusReport, statusVocabulary } from '../mapping.js';
import type { EsewaStatusResponse } from './client.js';

/** eSewa only takes Nepalese rupees, written as decimal rupee strings ("110", "1000.0"). */
export const ESEWA_CURRENCY = 'NPR';

/** Statuses the status check API documents; the wire may carry others. */
export const ESEWA_STATUSES = ['COMPLETE', 'PENDING', 'FULL_REFUND', 'PARTIAL_REFUND', 'AMBIGUOUS', 'NOT_FOUND', 'CANCELED'] as const;
export type EsewaStatus = (typeof ESEWA_STATUSES)[number];

const esewaStatus = statusVocabulary(
  {
    completed: ['COMPLETE'],
    // PENDING: initiated but not completed; AMBIGUOUS: "payment at halt state", eSewa itself has
    // not decided. Hold and ask again.
    pending: ['PENDING', 'AMBIGUOUS'],
    // eSewa answers NOT_FOUND for a form the shopper has not posted yet as well as for a session
    // that ended unpaid ("terminated at eSewa: session expired", ref_id null): either way nothing
    // is taken and the shopper may still post the signed form. Not a failure: the saga decides,
    // after the link's expiry and its grace, that the payment never came.
    notStarted: ['NOT_FOUND'],
    refunded: ['FULL_REFUND'],
    cancelled: ['CANCELED'],
    // Some money kept, some returned: a person decides.
    review: ['PARTIAL_REFUND'],
  },
  (status) => status.trim().toUpperCase(),
);

/**
 * Maps a status check answer to our vocabulary. The amount is what eSewa reports, in NPR, so
 * a mismatch with the order is caught by verification rather than hidden here. `COMPLETE`
 * without a `ref_id`, or with an amount we cannot read, cannot be put in the ledger: review.
 * An undocumented status goes to review, never to failed or completed.
 */
export function toPaymentStatusReport(response: EsewaStatusResponse): PaymentStatusReport {
  const gatewayPaymentId = response.transaction_uuid;
  const gatewayStatus = response.status;
  return statusReport(esewaStatus(gatewayStatus), gatewayPaymentId, gatewayStatus, () => {
    const transactionId = response.ref_id ?? '';
    const amount = fromEsewaAmount(response.total_amount);
    if (transactionId.trim() === '' || !amount.ok) return { status: 'review', gatewayPaymentId, gatewayStatus };
    return { status: 'completed', gatewayPaymentId, transactionId, amount: amount.value, gatewayStatus };
  });
}

export type EsewaAmountError = DomainError<'payments.unsupported_currency' | 'payments.invalid_amount'>;

/**
 * Our Money → eSewa's rupee string: whole rupees without decimals ("1299"), otherwise two
 * decimals ("1299.50"). The same string is put in the form and signed, so the signed value is
 * exactly the submitted one.
 */
export function toEsewaAmount(amount: Money, options: { readonly allowZero?: boolean } = {}): Result<string, EsewaAmountError> {
  const npr = onlyCurrency('eSewa', amount, ESEWA_CURRENCY);
  if (!npr.ok) return npr;
  const minor = positiveMinor('eSewa', amount, 'whole number of paisa', options.allowZero === true ? 0 : 1);
  if (!minor.ok) return minor;
  const rupees = Math.trunc(amount.amountMinor / 100);
  const paisa = amount.amountMinor % 100;
  return ok(paisa === 0 ? String(rupees) : `${rupees}.${String(paisa).padStart(2, '0')}`);
}

// "1000", "1000.0", "1,000.00", "99.5": eSewa writes Java-style doubles; thousands separators tolerated.
const RUPEES = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * eSewa's rupees (a string such as "1000.0", or a JSON number) → our Money. Refuses anything
 * that is not a whole number of paisa (a third non-zero decimal) or not a plain decimal.
 */
export function fromEsewaAmount(value: string | number): Result<Money, DomainError<'payments.invalid_amount'>> {
  const text = typeof value === 'number' ? numberToDecimal(value) : value.trim();
  const m = text === undefined ? null : RUPEES.exec(text);
  const invalid = () => err(domainError('payments.invalid_amount', `not an eSewa rupee amount: ${JSON.stringify(value)}`));
  if (m === null || m[1] === undefined) return invalid();
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) return invalid();
  const rupees = Number(m[1].replaceAll(',', ''));
  const paisa = rupees * 100 + Number(fraction.padEnd(2, '0'));
  const parsed = parseMoney(paisa, ESEWA_CURRENCY);
  return parsed.ok ? ok(parsed.value) : invalid();
}

function numberToDecimal(n: number): string | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  // Two decimals is all a rupee amount may have; anything finer does not survive the round trip.
  const fixed = n.toFixed(2);
  return Number(fixed) === n ? fixed : undefined;
}

/**
 * Our order id → eSewa `transaction_uuid`, which allows only letters, digits and hyphens.
 * Letters and digits pass through; every other byte (the hyphen included) is written as `-XX`
 * (upper-case hex of its UTF-8 byte), so the mapping is reversible and collision-free:
 * `ord_4fK9` → `ord-5F4fK9`. The same order always yields the same uuid, so a retried
 * initiate signs the same form.
 */
export function transactionUuidFor(orderId: string): string {
  if (orderId === '') throw new RangeError('order id must not be empty');
  let out = '';
  for (const byte of Buffer.from(orderId, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[0-9A-Za-z]/.test(c) ? c : `-${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The inverse of `transactionUuidFor`; `undefined` for a uuid we did not make (e.g. eSewa's `11-201-13`). */
export function orderIdFromTransactionUuid(uuid: string): string | undefined {
  if (!/^(?:[0-9A-Za-z]|-[0-9A-F]{2})+$/.test(uuid)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < uuid.length; ) {
    if (uuid[i] === '-') {
      bytes.push(Number.parseInt(uuid.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(uuid.charCodeAt(i));
      i += 1;
    }
  }
  const decoded = new TextDecoder('utf-8', { fatal: true });
  try {
    const orderId = decoded.decode(Uint8Array.from(bytes));
    // Control characters never occur in our ids: such a uuid was not made by us.
    if (/[\u0000-\u001f\u007f]/.test(orderId)) return undefined;
    return transactionUuidFor(orderId) === uuid ? orderId : undefined;
  } catch {
    return undefined;
  }
}

export const TRANSACTION_UUID = /^[0-9A-Za-z-]+$/;
