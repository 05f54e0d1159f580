import { GatewayRejectedError, type GatewayId, type PaymentStatusReport } from '../../src/payments/ports/payment-gateway.js';
import { parseMoney, type Money } from '../../src/shared/money.js';
import { assertNever, domainError, err, ok, type DomainError, type Result } from '../../src/shared/result.js';

/** What one of a gateway's statuses means to us, before its answer's amount is read. */
export type MappedStatus =
  | { readonly status: 'completed' }
  | { readonly status: 'pending'; readonly notStarted?: true }
  | { readonly status: 'failed'; readonly reason: 'expired' | 'cancelled' | 'refunded' | 'failed' }
  | { readonly status: 'review' };

/** A gateway's statuses grouped by what they mean to us; each group lists statuses as `normalize` spells them. */
export interface StatusMeanings {
  readonly completed?: readonly string[];
  /** Open, and nobody has paid yet: wait; after the window and its grace it was never paid. */
  readonly notStarted?: readonly string[];
  /** Money may be on its way: hold, however late. */
  readonly pending?: readonly string[];
  readonly expired?: readonly string[];
  readonly cancelled?: readonly string[];
  readonly failed?: readonly string[];
  readonly refunded?: readonly string[];
  /** A person decides. */
  readonly review?: readonly string[];
}

const MEANINGS: { readonly [Meaning in keyof StatusMeanings]-?: MappedStatus } = {
  completed: { status: 'completed' },
  notStarted: { status: 'pending', notStarted: true },
  pending: { status: 'pending' },
  expired: { status: 'failed', reason: 'expired' },
  cancelled: { status: 'failed', reason: 'cancelled' },
  failed: { status: 'failed', reason: 'failed' },
  refunded: { status: 'failed', reason: 'refunded' },
  review: { status: 'review' },
};

/** Reads a gateway's status by its `meanings`, after `normalize`; a status in no group is `review`. */
export function statusVocabulary(meanings: StatusMeanings, normalize: (status: string) => string): (status: string) => MappedStatus {
  const table = new Map<string, MappedStatus>();
  for (const [meaning, statuses] of Object.entries(meanings) as [keyof StatusMeanings, readonly string[]][]) {
    for (const status of statuses) table.set(status, MEANINGS[meaning]);
  }
  return (status) => table.get(normalize(status)) ?? MEANINGS.review;
}

/**
 * The report for a mapped status. A `completed` one is built by `completed`: only the gateway's
 * answer has the amount and transaction id, and it answers `review` when it cannot tell them.
 */
export function statusReport(mapped: MappedStatus, gatewayPaymentId: string, gatewayStatus: string, completed: () => PaymentStatusReport): PaymentStatusReport {
  switch (mapped.status) {
    case 'completed':
      return completed();
    case 'pending':
      return { status: 'pending', gatewayPaymentId, gatewayStatus, ...(mapped.notStarted === true && { notStarted: true }) };
    case 'failed':
      return { status: 'failed', gatewayPaymentId, reason: mapped.reason, gatewayStatus };
    case 'review':
      return { status: 'review', gatewayPaymentId, gatewayStatus };
    default:
      return assertNever(mapped, 'mapped gateway status');
  }
}

/** `payments.unsupported_currency` unless the amount is in the one currency the gateway takes. */
export function onlyCurrency(gateway: string, amount: Money, currency: string): Result<Money, DomainError<'payments.unsupported_currency'>> {
  if (amount.currency === currency) return ok(amount);
  return err(domainError('payments.unsupported_currency', `${gateway} accepts only ${currency}, got ${amount.currency}`, { currency: amount.currency }));
}

/**
 * The amount's minor units, or `payments.invalid_amount`: `<Gateway> amount must be a positive
 * <unit>, got …` unless they are a safe integer of at least `min` (default 1).
 */
export function positiveMinor(gateway: string, amount: Money, unit: string, min = 1): Result<number, DomainError<'payments.invalid_amount'>> {
  if (Number.isSafeInteger(amount.amountMinor) && amount.amountMinor >= min) return ok(amount.amountMinor);
  return err(domainError('payments.invalid_amount', `${gateway} amount must be a positive ${unit}, got ${amount.amountMinor}`, { amountMinor: amount.amountMinor }));
}

/** A mapped amount, or the gateway's refusal of it (`GatewayRejectedError` with the error's code). */
export function amountOrReject<T>(gateway: GatewayId, amount: Result<T, DomainError>): T {
  if (!amount.ok) throw new GatewayRejectedError(gateway, amount.error.code, amount.error.message);
  return amount.value;
}

export type MinorAmountError = DomainError<'payments.unsupported_currency' | 'payments.invalid_amount'>;

/** {@link onlyCurrency}, then {@link positiveMinor}: a gateway taking whole minor units of one currency. */
export function minorUnitsIn(gateway: string, amount: Money, currency: string, unit: string): Result<number, MinorAmountError> {
  const inCurrency = onlyCurrency(gateway, amount, currency);
  return inCurrency.ok ? positiveMinor(gateway, amount, unit) : inCurrency;
}

/** A gateway's minor units → our Money. Throws on a non-integer: zod has already checked the wire value. */
export function moneyFromMinor(minor: number, currency: string): Money {
  const parsed = parseMoney(minor, currency);
  if (!parsed.ok) throw new RangeError(parsed.error.message);
  return parsed.value;
}
