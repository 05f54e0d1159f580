import { CaptureStatus, OrderStatus, RefundStatus } from '@paypal/paypal-server-sdk';
import type { PaymentStatusReport, RefundReport } from '../../../src/payments/ports/payment-gateway.js';
import { format, isIsoCurrency, minorUnitExponent, parseMoney, type Money } from '../../../src/shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../../src/shared/result.js';
import { positiveMinor, statusReport, type MappedStatus } from '../mapping.js';
import type { PayPalCapture, PayPalMoney, PayPalOrder, PayPalRefund } from './client.js';

type Mapped =
  | MappedStatus
  | { readonly status: 'approved' }
  /** Decided by the order's capture. */
  | { readonly status: 'see_capture' };

/**
 * Order statuses (Orders v2 `order_status`). Typed over the official SDK's enum: a status the SDK
 * learns in an upgrade fails compilation here until it is placed.
 */
export const ORDER_STATUS_TABLE: Readonly<Record<OrderStatus, Mapped>> = {
  // The payer has not approved yet (a payer who pressed Cancel may still come back and approve):
  // keep waiting until PayPal voids the order or our window and its grace end.
  [OrderStatus.Created]: { status: 'pending', notStarted: true },
  [OrderStatus.PayerActionRequired]: { status: 'pending', notStarted: true },
  // Saved for a later capture: in progress, held however late.
  [OrderStatus.Saved]: { status: 'pending' },
  // The payer approved; nothing moves until we capture.
  [OrderStatus.Approved]: { status: 'approved' },
  // With intent CAPTURE we never void an order ourselves: PayPal voided it (its approval window passed).
  [OrderStatus.Voided]: { status: 'failed', reason: 'expired' },
  // A COMPLETED order can hold a DECLINED or PENDING capture: only the capture decides.
  [OrderStatus.Completed]: { status: 'see_capture' },
};

/** Capture statuses, typed over the official SDK's enum like the order table. */
export const CAPTURE_STATUS_TABLE: Readonly<Record<CaptureStatus, Mapped>> = {
  [CaptureStatus.Completed]: { status: 'completed' },
  // eCheck, review, or a receiving preference: money may still arrive; hold.
  [CaptureStatus.Pending]: { status: 'pending' },
  [CaptureStatus.Declined]: { status: 'failed', reason: 'failed' },
  [CaptureStatus.Failed]: { status: 'failed', reason: 'failed' },
  [CaptureStatus.Refunded]: { status: 'failed', reason: 'refunded' },
  // Part of the money went back: a person decides what the order is now.
  [CaptureStatus.PartiallyRefunded]: { status: 'review' },
};

const lookupIn = <K extends string>(table: Readonly<Record<K, Mapped>>, status: string): Mapped | undefined =>
  Object.hasOwn(table, status.trim().toUpperCase()) ? table[status.trim().toUpperCase() as K] : undefined;

/**
 * Maps an order (GET, or the answer to capture) to our vocabulary. Undocumented statuses go to
 * review, never to failed or completed. A COMPLETED order is as good as its one capture: the
 * report's amount and transaction id (the capture id) are the capture's, whatever was ordered;
 * no capture, several captures, or an unreadable amount go to review.
 */
export function toPaymentStatusReport(order: PayPalOrder): PaymentStatusReport {
  const gatewayPaymentId = order.id;
  const mapped = lookupIn(ORDER_STATUS_TABLE, order.status) ?? { status: 'review' };
  if (mapped.status !== 'see_capture') return report(gatewayPaymentId, order.status, mapped, undefined);
  const captures = (order.purchase_units ?? []).flatMap((unit) => unit.payments?.captures ?? []);
  const [capture] = captures;
  if (capture === undefined || captures.length > 1) return { status: 'review', gatewayPaymentId, gatewayStatus: order.status };
  const gatewayStatus = `${order.status}/${capture.status}`;
  return report(gatewayPaymentId, gatewayStatus, lookupIn(CAPTURE_STATUS_TABLE, capture.status) ?? { status: 'review' }, capture);
}

function report(gatewayPaymentId: string, gatewayStatus: string, mapped: Mapped, capture: PayPalCapture | undefined): PaymentStatusReport {
  if (mapped.status === 'approved') return { status: 'approved', gatewayPaymentId, gatewayStatus };
  if (mapped.status === 'see_capture') return { status: 'review', gatewayPaymentId, gatewayStatus };
  return statusReport(mapped, gatewayPaymentId, gatewayStatus, () => {
    const amount = capture?.amount === undefined ? undefined : fromPayPalAmount(capture.amount);
    if (capture === undefined || amount === undefined || !amount.ok) return { status: 'review', gatewayPaymentId, gatewayStatus };
    return { status: 'completed', gatewayPaymentId, transactionId: capture.id, amount: amount.value, gatewayStatus };
  });
}

/** Refund statuses. Anything unconfirmed stays `pending`: never a phantom refund. */
export const REFUND_STATUS_TABLE: Readonly<Record<RefundStatus, RefundReport['status']>> = {
  [RefundStatus.Completed]: 'completed',
  [RefundStatus.Pending]: 'pending',
  [RefundStatus.Failed]: 'failed',
  [RefundStatus.Cancelled]: 'failed',
};

export function toRefundReport(refund: PayPalRefund): RefundReport {
  const key = refund.status.trim().toUpperCase();
  const status = Object.hasOwn(REFUND_STATUS_TABLE, key) ? REFUND_STATUS_TABLE[key as RefundStatus] : 'pending';
  return { status, gatewayRefundId: refund.id, gatewayStatus: refund.status };
}

// --- Money ↔ PayPal's decimal strings --------------------------------------------------------------

/**
 * The currencies PayPal's REST API takes (developer.paypal.com/reference/currency-codes): NPR, ZAR
 * and INR are not among them (INR only for accounts in India), so a checkout in those is refused
 * before anything is created.
 */
export const PAYPAL_CURRENCIES = [
  'AUD',
  'BRL',
  'CAD',
  'CNY',
  'CZK',
  'DKK',
  'EUR',
  'HKD',
  'HUF',
  'ILS',
  'JPY',
  'MYR',
  'MXN',
  'TWD',
  'NZD',
  'NOK',
  'PHP',
  'PLN',
  'GBP',
  'SGD',
  'SEK',
  'CHF',
  'THB',
  'USD',
] as const;

export type PayPalAmountError = DomainError<'payments.invalid_amount' | 'payments.unsupported_currency'>;

/**
 * Decimals PayPal takes on the wire: none for HUF, JPY and TWD (PayPal's currency codes reference:
 * "This currency does not support decimals" — HUF and TWD although ISO 4217 gives them two), two for
 * every other currency. Our Money counts ISO 4217 minor units, so the two can differ either way.
 */
const WHOLE_UNITS_ONLY = new Set(['HUF', 'JPY', 'TWD']);

const wireDigits = (currency: string): number => (WHOLE_UNITS_ONLY.has(currency) ? 0 : 2);

/**
 * Our Money → `{ currency_code, value }` with PayPal's decimals ("12.99", "1000" for JPY). An amount
 * PayPal's decimals cannot hold (1.234 KWD, 2500.50 HUF) is refused, never rounded. Whether PayPal
 * takes the currency at all is PayPal's to answer (CURRENCY_NOT_SUPPORTED).
 */
export function toPayPalAmount(amount: Money): Result<PayPalMoney, PayPalAmountError> {
  if (!isIsoCurrency(amount.currency)) {
    return err(domainError('payments.unsupported_currency', `PayPal needs an ISO 4217 currency, got ${JSON.stringify(amount.currency)}`));
  }
  const positive = positiveMinor('PayPal', amount, 'integer of minor units');
  if (!positive.ok) return positive;
  const exponent = minorUnitExponent(amount.currency);
  const digits = wireDigits(amount.currency);
  const finer = 10 ** Math.max(0, exponent - digits);
  if (amount.amountMinor % finer !== 0) {
    return err(
      domainError(
        'payments.invalid_amount',
        `PayPal takes ${amount.currency} with ${digits === 0 ? 'no decimals' : `${digits} decimals`}: ${format(amount)} cannot be sent without rounding`,
        { amountMinor: amount.amountMinor, currency: amount.currency, payPalDecimals: digits },
      ),
    );
  }
  const units = (amount.amountMinor / finer) * 10 ** Math.max(0, digits - exponent);
  if (!Number.isSafeInteger(units)) {
    return err(domainError('payments.invalid_amount', `${format(amount)} is too large for PayPal`, { amountMinor: amount.amountMinor }));
  }
  if (digits === 0) return ok({ currency_code: amount.currency, value: String(units) });
  const per = 10 ** digits;
  const minor = units % per;
  return ok({ currency_code: amount.currency, value: `${(units - minor) / per}.${String(minor).padStart(digits, '0')}` });
}

const DECIMAL = /^(\d{1,15})(?:\.(\d+))?$/;

/** `{ currency_code, value }` → Money, by string arithmetic (no floats). Refuses negatives and sub-minor precision. */
export function fromPayPalAmount(amount: PayPalMoney): Result<Money, PayPalAmountError> {
  const m = DECIMAL.exec(amount.value.trim());
  if (m?.[1] === undefined) return err(domainError('payments.invalid_amount', `not a PayPal amount: ${JSON.stringify(amount.value)}`));
  if (!isIsoCurrency(amount.currency_code)) {
    return err(domainError('payments.unsupported_currency', `not an ISO 4217 currency: ${JSON.stringify(amount.currency_code)}`));
  }
  const digits = minorUnitExponent(amount.currency_code);
  const per = 10 ** digits;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) {
    return err(domainError('payments.invalid_amount', `${amount.currency_code} ${amount.value} is finer than one minor unit`));
  }
  const minor = digits === 0 ? 0 : Number(fraction.padEnd(digits, '0'));
  const parsed = parseMoney(Number(m[1]) * per + minor, amount.currency_code);
  if (!parsed.ok) {
    const code = parsed.error.code === 'money.invalid_currency' ? 'payments.unsupported_currency' : 'payments.invalid_amount';
    return err(domainError(code, parsed.error.message));
  }
  return parsed;
}
