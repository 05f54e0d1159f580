import type { Order, OrderRepository } from '../../../src/orders/api.js';
import type { Payment, PaymentRepository, PaymentVerification, PaymentVerificationLedger, VerificationFailure } from '../../../src/payments/api.js';
import type { Refund } from '../../../src/payments/domain/refund.js';
import type { RefundAttention, RefundDecision, RefundRepository } from '../../../src/payments/ports/refund-repository.js';
import type { StockError, StockItem, StockLevel, StockLine, StockReservations } from '../../../src/inventory/api.js';
import { reserveAll } from '../../../src/inventory/domain/stock.js';
import type { WalletEntry, WalletError, WalletLedger } from '../../../src/wallet/api.js';
import { decideEntry } from '../../../src/wallet/domain/wallet.js';
import type { LoyaltyEntry, LoyaltyError, LoyaltyLedger } from '../../../src/loyalty/api.js';
import { decideLoyaltyEntry } from '../../../src/loyalty/domain/points.js';
import { money, type Money } from '../../../src/shared/money.js';
import { assertNever, ok, type Result } from '../../../src/shared/result.js';
import { ConstraintViolationError, copyOf, transactionKey, walletKey, type PersistenceState, type ProductRow, type StateAccess } from './in-memory-state.js';

// The checks below are the PostgreSQL schema's (migrations 0001 and 0002), named as PostgreSQL
// names them, so code that passes here does not fail there for a reason these twins could have seen.

function requireOrder(state: PersistenceState, orderId: string, constraint: string): void {
  if (!state.orders.has(orderId)) throw new ConstraintViolationError(constraint, `order ${orderId} does not exist`);
}

function check(holds: boolean, constraint: string, message: string): void {
  if (!holds) throw new ConstraintViolationError(constraint, message);
}

const isWholeAtLeast = (value: number, minimum: number): boolean => Number.isSafeInteger(value) && value >= minimum;

/** A `timestamptz` round trip: any ISO-8601 instant comes back in UTC with milliseconds. */
function instant(value: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`not a timestamp: ${JSON.stringify(value)}`);
  return parsed.toISOString();
}

/**
 * The charges as the `orders` columns give them back: in the order's currency, and absent when
 * every column holds its default (no discount, tax or delivery, pickup, no points).
 */
function storedCharges(order: Order): { charges?: NonNullable<Order['charges']> } {
  const charges = order.charges;
  if (charges === undefined) return {};
  const { currency } = order.total;
  const charged =
    charges.discount.amountMinor > 0 || charges.tax.amountMinor > 0 || charges.delivery.amountMinor > 0 || charges.pointsRedeemed > 0 || charges.deliveryOption !== 'pickup';
  if (!charged) return {};
  return {
    charges: {
      discount: money(charges.discount.amountMinor, currency),
      tax: money(charges.tax.amountMinor, currency),
      delivery: money(charges.delivery.amountMinor, currency),
      deliveryOption: charges.deliveryOption,
      pointsRedeemed: charges.pointsRedeemed,
    },
  };
}

/** The order as the `orders` and `order_items` rows give it back: only the fields of its status. */
function asStored(order: Order): Order {
  const data = {
    id: order.id,
    customerId: order.customerId,
    gateway: order.gateway,
    lines: order.lines.map(({ sku, name, unitPrice, quantity, lineTotal }) => ({ sku, name, unitPrice, quantity, lineTotal })),
    subtotal: order.subtotal,
    total: order.total,
    ...storedCharges(order),
    placedAt: instant(order.placedAt),
  };
  switch (order.status) {
    case 'pending_payment':
      return { ...data, status: 'pending_payment' };
    case 'paid':
      return { ...data, status: 'paid', paidAt: instant(order.paidAt) };
    case 'confirmed':
      return { ...data, status: 'confirmed', paidAt: instant(order.paidAt), confirmedAt: instant(order.confirmedAt) };
    case 'partially_refunded':
    case 'refunded':
      return {
        ...data,
        status: order.status,
        paidAt: instant(order.paidAt),
        confirmedAt: instant(order.confirmedAt),
        refunded: money(order.refunded.amountMinor, order.total.currency),
      };
    case 'cancelled': {
      const cancelled = { ...data, status: 'cancelled' as const, cancelledAt: instant(order.cancelledAt), reason: order.reason };
      return order.paidAt === undefined ? cancelled : { ...cancelled, paidAt: instant(order.paidAt) };
    }
    default:
      return assertNever(order, 'order status');
  }
}

export class InMemoryOrderRepository implements OrderRepository {
  constructor(private readonly access: StateAccess) {}

  byId(orderId: string): Promise<Order | undefined> {
    return this.access.read((state) => copyOf(state.orders.get(orderId)));
  }

  /**
   * Like the `orders` table: a new order is stored whole; a later state of an existing order
   * changes its status and the status's timestamps and reason, never its customer, amounts or lines.
   */
  save(order: Order): Promise<void> {
    return this.access.write((state) => {
      const existing = state.orders.get(order.id);
      const next = asStored(existing === undefined ? order : keepImmutableData(existing, order));
      if (existing === undefined) {
        check(isWholeAtLeast(next.subtotal.amountMinor, 0), 'orders_subtotal_minor_check', 'an order subtotal cannot be negative');
        check(isWholeAtLeast(next.total.amountMinor, 0), 'orders_total_minor_check', 'an order total cannot be negative');
        const charges = order.charges;
        if (charges !== undefined) {
          check(isWholeAtLeast(charges.discount.amountMinor, 0), 'orders_discount_minor_check', 'an order discount cannot be negative');
          check(isWholeAtLeast(charges.tax.amountMinor, 0), 'orders_tax_minor_check', 'an order tax cannot be negative');
          check(isWholeAtLeast(charges.delivery.amountMinor, 0), 'orders_delivery_minor_check', 'an order delivery charge cannot be negative');
          check(isWholeAtLeast(charges.pointsRedeemed, 0), 'orders_points_redeemed_check', 'an order cannot redeem negative points');
        }
        for (const line of next.lines) {
          check(isWholeAtLeast(line.quantity, 1), 'order_items_quantity_check', `line ${line.sku} must have a positive whole quantity`);
          check(isWholeAtLeast(line.unitPrice.amountMinor, 0), 'order_items_unit_price_minor_check', `line ${line.sku} cannot have a negative price`);
          check(isWholeAtLeast(line.lineTotal.amountMinor, 0), 'order_items_line_total_minor_check', `line ${line.sku} cannot have a negative total`);
        }
      }
      if (next.status === 'partially_refunded' || next.status === 'refunded') {
        const refunded = next.refunded.amountMinor;
        check(isWholeAtLeast(refunded, 0), 'orders_refunded_minor_check', 'an order cannot have refunded a negative amount');
        check(refunded <= next.total.amountMinor, 'orders_refunded_within_total', `order ${next.id} cannot have refunded ${refunded} of ${next.total.amountMinor}`);
      }
      state.orders.set(order.id, copyOf(next));
    });
  }
}

/** The later state with what the `orders` row never changes after its insert taken from the stored order. */
function keepImmutableData(existing: Order, later: Order): Order {
  const { charges: _later, ...rest } = later;
  const { id, customerId, gateway, lines, subtotal, total, placedAt, charges } = existing;
  return { ...rest, id, customerId, gateway, lines, subtotal, total, placedAt, ...(charges === undefined ? {} : { charges }) };
}

export class InMemoryPaymentRepository implements PaymentRepository {
  constructor(private readonly access: StateAccess) {}

  /** The order's payment of a gateway other than the wallet, else its wallet payment. */
  byOrderId(orderId: string): Promise<Payment | undefined> {
    return this.access.read((state) => {
      const payments = paymentsOf(state, orderId);
      return copyOf(payments.find((payment) => payment.gateway !== 'wallet') ?? payments[0]);
    });
  }

  /** In the order they were first saved, like `order by created_at`. */
  allForOrder(orderId: string): Promise<Payment[]> {
    return this.access.read((state) => copyOf(paymentsOf(state, orderId)));
  }

  byId(paymentId: string): Promise<Payment | undefined> {
    return this.access.read((state) => copyOf(state.payments.get(paymentId)));
  }

  byGatewayPaymentId(gateway: string, gatewayPaymentId: string): Promise<Payment | undefined> {
    return this.access.read((state) => copyOf([...state.payments.values()].find((payment) => payment.gateway === gateway && payment.gatewayPaymentId === gatewayPaymentId)));
  }

  /**
   * Like the `payments` table: one payment per (order, gateway), one payment per (gateway,
   * gateway payment id); a later state of a payment changes its status and gateway references,
   * never its order, gateway or amount.
   */
  save(payment: Payment): Promise<void> {
    return this.access.write((state) => {
      const existing = state.payments.get(payment.id);
      const base = existing ?? payment;
      const next: Payment = {
        id: base.id,
        orderId: base.orderId,
        gateway: base.gateway,
        amount: base.amount,
        status: payment.status,
        ...(payment.gatewayPaymentId === undefined ? {} : { gatewayPaymentId: payment.gatewayPaymentId }),
        ...(payment.transactionId === undefined ? {} : { transactionId: payment.transactionId }),
        ...(payment.redirectUrl === undefined ? {} : { redirectUrl: payment.redirectUrl }),
        ...(payment.expiresAt === undefined ? {} : { expiresAt: instant(payment.expiresAt) }),
      };
      if (existing === undefined) {
        requireOrder(state, next.orderId, 'payments_order_id_fkey');
        check(isWholeAtLeast(next.amount.amountMinor, 1), 'payments_amount_minor_check', 'a payment amount must be positive');
      }
      for (const other of state.payments.values()) {
        if (other.id === next.id) continue;
        check(
          other.orderId !== next.orderId || other.gateway !== next.gateway,
          'payments_order_gateway_key',
          `order ${next.orderId} already has ${next.gateway} payment ${other.id}`,
        );
        if (next.gatewayPaymentId !== undefined) {
          check(
            other.gateway !== next.gateway || other.gatewayPaymentId !== next.gatewayPaymentId,
            'payments_gateway_gateway_payment_id_key',
            `${next.gateway} payment ${next.gatewayPaymentId} already belongs to payment ${other.id}`,
          );
        }
      }
      state.payments.set(next.id, copyOf(next));
    });
  }
}

const paymentsOf = (state: PersistenceState, orderId: string): Payment[] => [...state.payments.values()].filter((payment) => payment.orderId === orderId);

export class InMemoryPaymentVerificationLedger implements PaymentVerificationLedger {
  constructor(private readonly access: StateAccess) {}

  byTransaction(gateway: string, transactionId: string): Promise<PaymentVerification | undefined> {
    return this.access.read((state) => copyOf(state.verifications.get(transactionKey(gateway, transactionId))));
  }

  record(verification: PaymentVerification): Promise<'recorded' | 'duplicate'> {
    return this.access.write((state) => {
      const key = transactionKey(verification.gateway, verification.transactionId);
      // As `on conflict do nothing`: an existing key wins before any other check runs.
      if (state.verifications.has(key)) return 'duplicate';
      if (verification.orderId !== undefined) requireOrder(state, verification.orderId, 'payment_verifications_order_id_fkey');
      check(isWholeAtLeast(verification.amount.amountMinor, 1), 'payment_verifications_amount_minor_check', 'a verified amount must be positive');
      state.verifications.set(key, copyOf({ ...verification, verifiedAt: instant(verification.verifiedAt) }));
      return 'recorded';
    });
  }

  recordFailure(failure: VerificationFailure): Promise<void> {
    return this.access.write((state) => {
      if (failure.orderId !== undefined) requireOrder(state, failure.orderId, 'verification_failures_order_id_fkey');
      const key = [failure.gateway, failure.gatewayPaymentId, failure.transactionId, failure.code].join('\u0000');
      if (!state.verificationFailures.has(key)) state.verificationFailures.set(key, copyOf(failure));
    });
  }
}

export class InMemoryStockReservations implements StockReservations {
  constructor(private readonly access: StateAccess) {}

  /** Holds units in `reserved`, never beyond what is available (on hand less reserved). */
  reserve(orderId: string, lines: readonly StockLine[]): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    return this.access.write((state): Result<'reserved' | 'already_reserved', StockError> => {
      if (state.reservations.has(orderId)) return ok('already_reserved');
      const available = new Map<string, number>();
      for (const { sku } of lines) {
        const product = state.products.get(sku);
        if (product !== undefined) available.set(sku, product.onHand - product.reserved);
      }
      const decided = reserveAll(available, lines);
      if (!decided.ok) return decided;
      requireOrder(state, orderId, 'stock_reservations_order_id_fkey');
      state.reservations.set(orderId, { lines: lines.map(({ sku, quantity }) => ({ sku, quantity })), status: 'reserved' });
      for (const { sku, quantity } of merge(lines)) changeProduct(state, sku, { reserved: quantity });
      return ok('reserved');
    });
  }

  /** The reserved units leave the shelf: on hand and reserved both fall, once. */
  commit(orderId: string): Promise<'committed' | 'already_committed' | 'not_reserved'> {
    return this.settle(orderId, 'committed');
  }

  /** The reserved units become available again, once. */
  release(orderId: string): Promise<'released' | 'already_released' | 'not_reserved'> {
    return this.settle(orderId, 'released');
  }

  private settle<S extends 'committed' | 'released'>(orderId: string, target: S): Promise<S | `already_${S}` | 'not_reserved'> {
    return this.access.write((state): S | `already_${S}` | 'not_reserved' => {
      const reservation = state.reservations.get(orderId);
      if (reservation === undefined) return 'not_reserved';
      if (reservation.status === target) return `already_${target}`;
      if (reservation.status !== 'reserved') throw new Error(`reservation of order ${orderId} is ${reservation.status}, cannot be ${target}`);
      for (const { sku, quantity } of merge(reservation.lines)) {
        changeProduct(state, sku, target === 'committed' ? { onHand: -quantity, reserved: -quantity } : { reserved: -quantity });
      }
      state.reservations.set(orderId, { ...reservation, status: target });
      return target;
    });
  }

  /** Products whose available units are at or below their threshold, by SKU. */
  lowStock(): Promise<StockLevel[]> {
    return this.access.read((state) =>
      [...state.products.values()]
        .filter((product) => product.onHand - product.reserved <= product.lowStockThreshold)
        .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
        .map(({ sku, onHand, reserved, lowStockThreshold }) => ({ sku, onHand, reserved, available: onHand - reserved, lowStockThreshold })),
    );
  }

  /** Each known SKU with the units that can still be sold as `onHand`. */
  items(skus: readonly string[]): Promise<StockItem[]> {
    const wanted = new Set(skus);
    return this.access.read((state) =>
      [...state.products.values()]
        .filter((product) => wanted.has(product.sku))
        .map(({ sku, name, priceMinor, currency, onHand, reserved }) => ({ sku, name, priceMinor, currency, onHand: onHand - reserved })),
    );
  }
}

/** `update products set on_hand = on_hand + ?, reserved = reserved + ?`, under the table's checks. */
function changeProduct(state: PersistenceState, sku: string, change: { onHand?: number; reserved?: number }): void {
  const product = state.products.get(sku);
  if (product === undefined) return;
  const next: ProductRow = { ...product, onHand: product.onHand + (change.onHand ?? 0), reserved: product.reserved + (change.reserved ?? 0) };
  // `on_hand integer not null check (on_hand >= 0)` and `check (reserved >= 0 and reserved <= on_hand)`
  check(isWholeAtLeast(next.onHand, 0), 'products_on_hand_check', `${sku} cannot have ${next.onHand} units on hand`);
  check(isWholeAtLeast(next.reserved, 0) && next.reserved <= next.onHand, 'products_reserved_within_on_hand', `${sku} cannot hold ${next.reserved} of ${next.onHand} units`);
  state.products.set(sku, next);
}

const merge = (lines: readonly StockLine[]): StockLine[] => {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of lines) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return [...totals].map(([sku, quantity]) => ({ sku, quantity }));
};

export class InMemoryWalletLedger implements WalletLedger {
  constructor(private readonly access: StateAccess) {}

  /**
   * As the `wallet_accounts` lock gives it: a replayed key is a duplicate whatever the balance;
   * otherwise the entry is decided against the account's balance, and the entry and the new
   * balance are written together.
   */
  append(entry: WalletEntry): Promise<Result<'appended' | 'duplicate', WalletError>> {
    return this.access.write((state): Result<'appended' | 'duplicate', WalletError> => {
      const { customerId, kind, amount, orderId, paymentId, refundId, actor, reason, idempotencyKey } = entry;
      const account = walletKey(customerId, amount.currency);
      const balance = state.walletAccounts.get(account) ?? 0;
      if (state.walletEntries.has(idempotencyKey)) return ok('duplicate');
      const decided = decideEntry(money(balance, amount.currency), entry);
      if (!decided.ok) return decided;
      if (orderId !== undefined) requireOrder(state, orderId, 'wallet_entries_order_id_fkey');
      check(Number.isSafeInteger(amount.amountMinor) && amount.amountMinor !== 0, 'wallet_entries_nonzero', 'a wallet entry must move a non-zero amount');
      const next = balance + amount.amountMinor;
      check(next >= 0, 'wallet_accounts_balance_minor_check', `the wallet of ${customerId} cannot hold ${next}`);
      state.walletEntries.set(
        idempotencyKey,
        copyOf({
          customerId,
          kind,
          amount,
          ...(orderId === undefined ? {} : { orderId }),
          ...(paymentId === undefined ? {} : { paymentId }),
          ...(refundId === undefined ? {} : { refundId }),
          ...(actor === undefined ? {} : { actor }),
          reason,
          idempotencyKey,
        }),
      );
      state.walletAccounts.set(account, next);
      return ok('appended');
    });
  }

  balance(customerId: string, currency: string): Promise<Money> {
    return this.access.read((state) => {
      let total = 0;
      for (const entry of state.walletEntries.values()) {
        if (entry.customerId === customerId && entry.amount.currency === currency) total += entry.amount.amountMinor;
      }
      return money(total, currency);
    });
  }
}

export class InMemoryLoyaltyLedger implements LoyaltyLedger {
  constructor(private readonly access: StateAccess) {}

  /** As the wallet: a replay is a duplicate; otherwise decided against the balance, never below zero. */
  append(customerId: string, entry: LoyaltyEntry): Promise<Result<'appended' | 'duplicate', LoyaltyError>> {
    return this.access.write((state): Result<'appended' | 'duplicate', LoyaltyError> => {
      const account = state.loyaltyAccounts.get(customerId) ?? { balance: 0, lifetime: 0 };
      if (state.loyaltyEntries.has(entry.idempotencyKey)) return ok('duplicate');
      const decided = decideLoyaltyEntry(account.balance, entry);
      if (!decided.ok) return decided;
      requireOrder(state, entry.orderId, 'loyalty_entries_order_id_fkey');
      const { kind, points, orderId, idempotencyKey } = entry;
      const next = { balance: account.balance + points, lifetime: account.lifetime + (kind === 'earn' || kind === 'reverse' ? points : 0) };
      check(next.balance >= 0, 'loyalty_accounts_balance_check', `the account of ${customerId} cannot hold ${next.balance} points`);
      check(next.lifetime >= 0, 'loyalty_accounts_lifetime_check', `the account of ${customerId} cannot have ${next.lifetime} lifetime points`);
      state.loyaltyEntries.set(idempotencyKey, copyOf({ customerId, entry: { kind, points, orderId, idempotencyKey } }));
      state.loyaltyAccounts.set(customerId, next);
      return ok('appended');
    });
  }

  balance(customerId: string): Promise<number> {
    return this.access.read((state) => sumOfPoints(state, customerId, () => true));
  }

  lifetime(customerId: string): Promise<number> {
    return this.access.read((state) => sumOfPoints(state, customerId, (entry) => entry.kind === 'earn' || entry.kind === 'reverse'));
  }

  /** The customer's entries for the order, in the order they were appended. */
  forOrder(customerId: string, orderId: string): Promise<LoyaltyEntry[]> {
    return this.access.read((state) =>
      copyOf([...state.loyaltyEntries.values()].filter((row) => row.customerId === customerId && row.entry.orderId === orderId).map((row) => row.entry)),
    );
  }
}

function sumOfPoints(state: PersistenceState, customerId: string, counts: (entry: LoyaltyEntry) => boolean): number {
  let total = 0;
  for (const row of state.loyaltyEntries.values()) if (row.customerId === customerId && counts(row.entry)) total += row.entry.points;
  return total;
}

const REFUND_DESTINATIONS: readonly string[] = ['gateway', 'wallet'];
const REFUND_STATUSES: readonly string[] = ['pending', 'completed', 'failed'];

export class InMemoryRefundRepository implements RefundRepository {
  constructor(private readonly access: StateAccess) {}

  /**
   * Transactions here run one at a time, so the payment is as good as locked already; like
   * `select ... for update` finding no row, an unknown payment is an error.
   */
  lockPayment(paymentId: string): Promise<void> {
    return this.access.read((state) => {
      if (!state.payments.has(paymentId)) throw new Error(`payment ${paymentId} does not exist`);
    });
  }

  /** In the order they were first saved, like `order by created_at`. */
  forPayment(paymentId: string): Promise<Refund[]> {
    return this.access.read((state) => copyOf([...state.refunds.values()].filter((refund) => refund.paymentId === paymentId)));
  }

  byId(refundId: string): Promise<Refund | undefined> {
    return this.access.read((state) => copyOf(state.refunds.get(refundId)));
  }

  /**
   * Like the `refunds` table: a new refund is stored whole; a later state changes its status,
   * gateway refund id and failure reason, never its order, payment, amount or destination.
   */
  save(refund: Refund): Promise<void> {
    return this.access.write((state) => {
      const existing = state.refunds.get(refund.id);
      const base = existing ?? refund;
      const next: Refund = {
        id: base.id,
        orderId: base.orderId,
        paymentId: base.paymentId,
        amount: base.amount,
        destination: base.destination,
        status: refund.status,
        reason: base.reason,
        requestedBy: base.requestedBy,
        ...(refund.gatewayRefundId === undefined ? {} : { gatewayRefundId: refund.gatewayRefundId }),
        ...(refund.failureReason === undefined ? {} : { failureReason: refund.failureReason }),
      };
      if (existing === undefined) {
        requireOrder(state, next.orderId, 'refunds_order_id_fkey');
        check(state.payments.has(next.paymentId), 'refunds_payment_id_fkey', `payment ${next.paymentId} does not exist`);
        check(isWholeAtLeast(next.amount.amountMinor, 1), 'refunds_amount_minor_check', 'a refund amount must be positive');
        check(REFUND_DESTINATIONS.includes(next.destination), 'refunds_destination_check', `unknown refund destination ${next.destination}`);
      }
      check(REFUND_STATUSES.includes(next.status), 'refunds_status_check', `unknown refund status ${next.status}`);
      state.refunds.set(next.id, copyOf(next));
      if (next.status !== 'pending') state.refundAttention.delete(next.id);
    });
  }

  setAttention(refundId: string, attention: RefundAttention | undefined): Promise<void> {
    return this.access.write((state) => {
      const refund = state.refunds.get(refundId);
      if (refund === undefined) throw new Error(`refund ${refundId} does not exist`);
      if (attention === undefined) {
        state.refundAttention.delete(refundId);
        return;
      }
      check(refund.status === 'pending', 'refunds_attention_only_pending', `refund ${refundId} is ${refund.status}`);
      state.refundAttention.set(refundId, { reason: attention.reason.slice(0, 300), since: new Date(attention.since).toISOString() });
    });
  }

  attentionOf(refundId: string): Promise<RefundAttention | undefined> {
    return this.access.read((state) => copyOf(state.refundAttention.get(refundId)));
  }

  needingAttention(limit: number): Promise<{ refund: Refund; attention: RefundAttention }[]> {
    return this.access.read((state) =>
      copyOf(
        [...state.refundAttention.entries()]
          .sort(([a, x], [b, y]) => x.since.localeCompare(y.since) || a.localeCompare(b))
          .slice(0, limit)
          .map(([id, attention]) => ({ refund: state.refunds.get(id)!, attention })),
      ),
    );
  }

  recordDecision(decision: RefundDecision): Promise<void> {
    return this.access.write((state) => {
      check(state.refunds.has(decision.refundId), 'refund_decisions_refund_id_fkey', `refund ${decision.refundId} does not exist`);
      state.refundDecisions.push({ ...decision, at: new Date(decision.at).toISOString() });
    });
  }

  decisions(refundId: string): Promise<RefundDecision[]> {
    return this.access.read((state) => copyOf(state.refundDecisions.filter((d) => d.refundId === refundId)));
  }
}
