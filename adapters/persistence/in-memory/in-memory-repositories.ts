import type { Order, OrderRepository } from '../../../src/orders/api.js';
import type { Payment, PaymentRepository, PaymentVerification, PaymentVerificationLedger } from '../../../src/payments/api.js';
import type { StockError, StockItem, StockLine, StockReservations } from '../../../src/inventory/api.js';
import { reserveAll } from '../../../src/inventory/domain/stock.js';
import type { WalletEntry, WalletLedger } from '../../../src/wallet/api.js';
import type { LoyaltyEntry, LoyaltyLedger } from '../../../src/loyalty/api.js';
import { money, type Money } from '../../../src/shared/money.js';
import { assertNever, ok, type Result } from '../../../src/shared/result.js';
import { ConstraintViolationError, copyOf, transactionKey, type PersistenceState, type StateAccess } from './in-memory-state.js';

// The checks below are the PostgreSQL schema's (migration 0001), named as PostgreSQL names them,
// so code that passes here does not fail there for a reason these twins could have seen.

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

/** The order as the `orders` and `order_items` rows give it back: only the fields of its status. */
function asStored(order: Order): Order {
  const data = {
    id: order.id,
    customerId: order.customerId,
    gateway: order.gateway,
    lines: order.lines.map(({ sku, name, unitPrice, quantity, lineTotal }) => ({ sku, name, unitPrice, quantity, lineTotal })),
    subtotal: order.subtotal,
    total: order.total,
    placedAt: instant(order.placedAt),
  };
  switch (order.status) {
    case 'pending_payment':
      return { ...data, status: 'pending_payment' };
    case 'paid':
      return { ...data, status: 'paid', paidAt: instant(order.paidAt) };
    case 'confirmed':
      return { ...data, status: 'confirmed', paidAt: instant(order.paidAt), confirmedAt: instant(order.confirmedAt) };
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
      const next = asStored(existing === undefined ? order : { ...order, ...immutableDataOf(existing) });
      if (existing === undefined) {
        check(isWholeAtLeast(next.subtotal.amountMinor, 0), 'orders_subtotal_minor_check', 'an order subtotal cannot be negative');
        check(isWholeAtLeast(next.total.amountMinor, 0), 'orders_total_minor_check', 'an order total cannot be negative');
        for (const line of next.lines) {
          check(isWholeAtLeast(line.quantity, 1), 'order_items_quantity_check', `line ${line.sku} must have a positive whole quantity`);
          check(isWholeAtLeast(line.unitPrice.amountMinor, 0), 'order_items_unit_price_minor_check', `line ${line.sku} cannot have a negative price`);
          check(isWholeAtLeast(line.lineTotal.amountMinor, 0), 'order_items_line_total_minor_check', `line ${line.sku} cannot have a negative total`);
        }
      }
      state.orders.set(order.id, copyOf(next));
    });
  }
}

function immutableDataOf(order: Order) {
  const { id, customerId, gateway, lines, subtotal, total, placedAt } = order;
  return { id, customerId, gateway, lines, subtotal, total, placedAt };
}

export class InMemoryPaymentRepository implements PaymentRepository {
  constructor(private readonly access: StateAccess) {}

  byOrderId(orderId: string): Promise<Payment | undefined> {
    return this.access.read((state) => copyOf([...state.payments.values()].find((payment) => payment.orderId === orderId)));
  }

  byGatewayPaymentId(gateway: string, gatewayPaymentId: string): Promise<Payment | undefined> {
    return this.access.read((state) =>
      copyOf([...state.payments.values()].find((payment) => payment.gateway === gateway && payment.gatewayPaymentId === gatewayPaymentId)),
    );
  }

  /**
   * Like the `payments` table: one payment per order, one payment per (gateway, gateway payment
   * id); a later state of a payment changes its status and gateway references, never its order,
   * gateway or amount.
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
        check(other.orderId !== next.orderId, 'payments_order_id_key', `order ${next.orderId} already has payment ${other.id}`);
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
      requireOrder(state, verification.orderId, 'payment_verifications_order_id_fkey');
      check(isWholeAtLeast(verification.amount.amountMinor, 1), 'payment_verifications_amount_minor_check', 'a verified amount must be positive');
      const { gateway, transactionId, gatewayPaymentId, orderId, amount, verifiedAt } = verification;
      state.verifications.set(key, copyOf({ gateway, transactionId, gatewayPaymentId, orderId, amount, verifiedAt: instant(verifiedAt) }));
      return 'recorded';
    });
  }
}

export class InMemoryStockReservations implements StockReservations {
  constructor(private readonly access: StateAccess) {}

  reserve(orderId: string, lines: readonly StockLine[]): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    return this.access.write((state): Result<'reserved' | 'already_reserved', StockError> => {
      if (state.reservations.has(orderId)) return ok('already_reserved');
      const onHand = new Map<string, number>();
      for (const { sku } of lines) {
        const product = state.products.get(sku);
        if (product !== undefined) onHand.set(sku, product.onHand);
      }
      const decided = reserveAll(onHand, lines);
      if (!decided.ok) return decided;
      requireOrder(state, orderId, 'stock_reservations_order_id_fkey');
      for (const [sku, remaining] of decided.value) {
        // `on_hand integer not null check (on_hand >= 0)`
        check(isWholeAtLeast(remaining, 0), 'products_on_hand_check', `${sku} cannot have ${remaining} units on hand`);
      }
      state.reservations.set(orderId, lines.map(({ sku, quantity }) => ({ sku, quantity })));
      for (const [sku, remaining] of decided.value) {
        const product = state.products.get(sku);
        if (product !== undefined) state.products.set(sku, { ...product, onHand: remaining });
      }
      return ok('reserved');
    });
  }

  items(skus: readonly string[]): Promise<StockItem[]> {
    const wanted = new Set(skus);
    return this.access.read((state) => copyOf([...state.products.values()].filter((product) => wanted.has(product.sku))));
  }
}

export class InMemoryWalletLedger implements WalletLedger {
  constructor(private readonly access: StateAccess) {}

  append(entry: WalletEntry): Promise<'appended' | 'duplicate'> {
    return this.access.write((state) => {
      if (state.walletEntries.has(entry.idempotencyKey)) return 'duplicate';
      requireOrder(state, entry.orderId, 'wallet_entries_order_id_fkey');
      const { customerId, kind, amount, orderId, reason, idempotencyKey } = entry;
      state.walletEntries.set(entry.idempotencyKey, copyOf({ customerId, kind, amount, orderId, reason, idempotencyKey }));
      return 'appended';
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

  append(customerId: string, entry: LoyaltyEntry): Promise<'appended' | 'duplicate'> {
    return this.access.write((state) => {
      if (state.loyaltyEntries.has(entry.idempotencyKey)) return 'duplicate';
      requireOrder(state, entry.orderId, 'loyalty_entries_order_id_fkey');
      check(Number.isSafeInteger(entry.points), 'loyalty_entries.points integer', 'points must be a whole number');
      const { kind, points, orderId, idempotencyKey } = entry;
      state.loyaltyEntries.set(entry.idempotencyKey, copyOf({ customerId, entry: { kind, points, orderId, idempotencyKey } }));
      return 'appended';
    });
  }

  balance(customerId: string): Promise<number> {
    return this.access.read((state) => {
      let total = 0;
      for (const row of state.loyaltyEntries.values()) if (row.customerId === customerId) total += row.entry.points;
      return total;
    });
  }
}
