import fc from 'fast-check';
import type { CatalogEntry, CartItem } from '../../../src/checkout/domain/pricing.js';
import type { PricingTerms } from '../../../src/checkout/domain/quote.js';
import type { LoyaltyEntry, LoyaltyEntryKind } from '../../../src/loyalty/domain/points.js';
import type { CancelReason, Order, OrderCommand, OrderLine } from '../../../src/orders/domain/order.js';
import type { GatewayClaim, OrderVerification, Payment, PaymentStatus } from '../../../src/payments/domain/payment.js';
import type { Refund } from '../../../src/payments/domain/refund.js';
import { ISO_4217_EXPONENTS } from '../../../src/shared/iso4217.js';
import { money, type Money } from '../../../src/shared/money.js';
import type { Result } from '../../../src/shared/result.js';
import type { WalletEntry, WalletEntryKind } from '../../../src/wallet/domain/wallet.js';

// ── Money ────────────────────────────────────────────────────────────────────

export const npr = (amountMinor: number): Money => money(amountMinor, 'NPR');
export const usd = (amountMinor: number): Money => money(amountMinor, 'USD');
export const jpy = (amountMinor: number): Money => money(amountMinor, 'JPY');

/** Any ISO 4217 currency code (money refuses codes outside the table). */
export const anyCurrency = fc.constantFrom(...Object.keys(ISO_4217_EXPONENTS));
/** Any three-letter code that is not an ISO 4217 currency with a minor unit. */
export const anyNonIsoCode = fc.stringMatching(/^[A-Z]{3}$/).filter((code) => !Object.hasOwn(ISO_4217_EXPONENTS, code));
/** Any safe integer, with fast-check's bias towards the extremes where overflow lives. */
export const anySafeAmount = fc.maxSafeInteger();
/** Amounts small enough that adding three of them can never overflow. */
export const aThirdOfSafeAmount = fc.integer({ min: -Math.floor(Number.MAX_SAFE_INTEGER / 3), max: Math.floor(Number.MAX_SAFE_INTEGER / 3) });

// ── Results ──────────────────────────────────────────────────────────────────

/** Unwraps a success, failing the test with the error when there is none. */
export function okValue<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected ok, got error ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Unwraps a failure, failing the test with the value when it succeeded. */
export function errorOf<T, E>(result: Result<T, E>): E {
  if (result.ok) throw new Error(`expected an error, got ok ${JSON.stringify(result.value)}`);
  return result.error;
}

// ── Orders ───────────────────────────────────────────────────────────────────

export const PLACED_AT = '2026-01-10T09:00:00.000Z';
export const PAID_AT = '2026-01-10T09:05:00.000Z';
export const CONFIRMED_AT = '2026-01-10T09:06:00.000Z';
export const CANCELLED_AT = '2026-01-10T09:30:00.000Z';
export const LATER = '2026-01-10T10:00:00.000Z';

export function anOrderLine(overrides: Partial<OrderLine> = {}): OrderLine {
  const unitPrice = overrides.unitPrice ?? npr(50_000);
  const quantity = overrides.quantity ?? 2;
  return {
    sku: 'TEA-ILAM-250',
    name: 'Ilam tea 250 g',
    unitPrice,
    quantity,
    lineTotal: money(unitPrice.amountMinor * quantity, unitPrice.currency),
    ...overrides,
  };
}

const orderData = {
  id: 'ord_01HZX3K9Q8W7E6R5T4Y3U2',
  customerId: 'cus_ram',
  gateway: 'khalti',
  lines: [anOrderLine()],
  subtotal: npr(100_000),
  total: npr(100_000),
  placedAt: PLACED_AT,
};

/** Object mothers, one per status, written as data so that tests of `evolveOrder` do not depend on it. */
export const orders = {
  pendingPayment: (): Order => ({ ...orderData, status: 'pending_payment' }),
  paid: (paidAt = PAID_AT): Order => ({ ...orderData, status: 'paid', paidAt }),
  confirmed: (): Order => ({ ...orderData, status: 'confirmed', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT }),
  cancelledUnpaid: (reason: CancelReason = 'payment_expired'): Order => ({ ...orderData, status: 'cancelled', cancelledAt: CANCELLED_AT, reason }),
  cancelledAfterPayment: (reason: CancelReason = 'out_of_stock'): Order => ({
    ...orderData,
    status: 'cancelled',
    paidAt: PAID_AT,
    cancelledAt: CANCELLED_AT,
    reason,
  }),
  partiallyRefunded: (refunded: Money = npr(40_000)): Order => ({
    ...orderData,
    status: 'partially_refunded',
    paidAt: PAID_AT,
    confirmedAt: CONFIRMED_AT,
    refunded,
  }),
  refunded: (): Order => ({ ...orderData, status: 'refunded', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT, refunded: orderData.total }),
};

export const commands = {
  markPaid: (at = LATER): OrderCommand => ({ type: 'MarkOrderPaid', at }),
  confirm: (at = LATER): OrderCommand => ({ type: 'ConfirmOrder', at }),
  cancel: (reason: CancelReason = 'operator_cancelled', at = LATER): OrderCommand => ({ type: 'CancelOrder', at, reason }),
  recordRefunds: (refundedTotal: Money, at = LATER): OrderCommand => ({ type: 'RecordRefunds', at, refundedTotal }),
};

export const CANCEL_REASONS: readonly CancelReason[] = ['payment_expired', 'payment_cancelled', 'payment_failed', 'out_of_stock', 'operator_cancelled'];

export const anyOrderCommand: fc.Arbitrary<OrderCommand> = fc.oneof(
  fc.constant(commands.markPaid()),
  fc.constant(commands.confirm()),
  fc.constantFrom(...CANCEL_REASONS).map((reason) => commands.cancel(reason)),
);

// ── Checkout pricing ─────────────────────────────────────────────────────────

export function aCatalogEntry(overrides: Partial<CatalogEntry> & { sku: string }): CatalogEntry {
  return { name: `Product ${overrides.sku}`, unitPrice: npr(10_000), available: 100, ...overrides };
}

export const catalogOf = (...entries: CatalogEntry[]): ReadonlyMap<string, CatalogEntry> => new Map(entries.map((entry) => [entry.sku, entry]));

export const item = (sku: string, quantity: number): CartItem => ({ sku, quantity });

// ── Payments ─────────────────────────────────────────────────────────────────

export function aPayment(overrides: Partial<Payment> = {}): Payment {
  return {
    id: 'pay_1',
    orderId: 'ord_01HZX3K9Q8W7E6R5T4Y3U2',
    gateway: 'khalti',
    amount: npr(100_000),
    status: 'pending',
    gatewayPaymentId: 'pidx_A1',
    ...overrides,
  };
}

/** The claim a gateway makes when the shopper paid exactly what the payment asked for. */
export function aClaimFor(payment: Payment, overrides: Partial<GatewayClaim> = {}): GatewayClaim {
  return {
    gateway: payment.gateway,
    gatewayPaymentId: payment.gatewayPaymentId ?? 'pidx_unknown',
    transactionId: 'txn_1',
    amount: payment.amount,
    ...overrides,
  };
}

export function aVerification(overrides: Partial<OrderVerification> = {}): OrderVerification {
  return {
    gateway: 'khalti',
    transactionId: 'txn_1',
    gatewayPaymentId: 'pidx_A1',
    orderId: 'ord_01HZX3K9Q8W7E6R5T4Y3U2',
    amount: npr(100_000),
    verifiedAt: PAID_AT,
    ...overrides,
  };
}

// ── Wallet ───────────────────────────────────────────────────────────────────

export function aRefundRequest(overrides: Partial<Omit<WalletEntry, 'kind'>> = {}): Omit<WalletEntry, 'kind'> {
  return {
    customerId: 'cus_ram',
    amount: npr(100_000),
    orderId: 'ord_01HZX3K9Q8W7E6R5T4Y3U2',
    reason: 'out_of_stock',
    idempotencyKey: 'checkout-ord_01HZX3K9Q8W7E6R5T4Y3U2/refund-to-wallet',
    ...overrides,
  };
}

// ── Checkout quote ───────────────────────────────────────────────────────────

/** NPR terms: 13 % tax, NPR 100 standard / NPR 250 express / free pickup, 1 point = NPR 1, at most 20 % in points. */
export function aPricingTerms(overrides: Partial<PricingTerms> = {}): PricingTerms {
  return {
    currency: 'NPR',
    taxRateBasisPoints: 1_300,
    delivery: { standard: 10_000, express: 25_000, pickup: 0 },
    pointValueMinor: 100,
    maxPointsShareBasisPoints: 2_000,
    ...overrides,
  };
}

// ── Wallet entries ───────────────────────────────────────────────────────────

export const WALLET_ENTRY_KINDS: readonly WalletEntryKind[] = ['top_up', 'order_payment', 'order_payment_return', 'refund_credit', 'adjustment'];

/** A well-formed entry of `kind` moving `amountMinor` (signed) NPR, with every reference its kind needs. */
export function aWalletEntry(kind: WalletEntryKind, amountMinor: number, overrides: Partial<WalletEntry> = {}): WalletEntry {
  return {
    customerId: 'cus_ram',
    kind,
    amount: npr(amountMinor),
    orderId: 'ord_01HZX3K9Q8W7E6R5T4Y3U2',
    reason: 'shopper request',
    idempotencyKey: `wallet/${kind}/${amountMinor}`,
    actor: 'op_sita',
    ...overrides,
  };
}

/** The same entry without one of its optional fields (an explicit `undefined` would not be the same thing). */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _, ...rest } = value;
  return rest;
}

// ── Loyalty ──────────────────────────────────────────────────────────────────

export const LOYALTY_ENTRY_KINDS: readonly LoyaltyEntryKind[] = ['earn', 'reverse', 'redeem', 'release'];

export function aLoyaltyEntry(kind: LoyaltyEntryKind, points: number, overrides: Partial<LoyaltyEntry> = {}): LoyaltyEntry {
  return { kind, points, orderId: 'ord_01HZX3K9Q8W7E6R5T4Y3U2', idempotencyKey: `loyalty/${kind}/${points}`, ...overrides };
}

// ── Refunds ──────────────────────────────────────────────────────────────────

/** A request for a refund (no status yet) against the order's payment. */
export function aPaymentRefundRequest(overrides: Partial<Omit<Refund, 'status'>> = {}): Omit<Refund, 'status'> {
  return {
    id: 'ref_1',
    orderId: 'ord_01HZX3K9Q8W7E6R5T4Y3U2',
    paymentId: 'pay_1',
    amount: npr(40_000),
    destination: 'gateway',
    reason: 'damaged in transit',
    requestedBy: 'op_sita',
    ...overrides,
  };
}

export function aRefund(overrides: Partial<Refund> = {}): Refund {
  return { ...aPaymentRefundRequest(), status: 'pending', ...overrides };
}

// ── Payment lifecycle ────────────────────────────────────────────────────────

export const PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'processing', 'completed', 'failed', 'cancelled', 'expired', 'partially_refunded', 'refunded'];

/** A payment in `status`, carrying the transaction id once the money moved (txn_1). */
export function aPaymentIn(status: PaymentStatus, overrides: Partial<Payment> = {}): Payment {
  const moved = status === 'completed' || status === 'partially_refunded' || status === 'refunded';
  return aPayment({ status, ...(moved ? { transactionId: 'txn_1' } : {}), ...overrides });
}
