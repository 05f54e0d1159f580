/**
 * Object mothers and the subject shape shared by the persistence contract suites. Every builder
 * takes fresh ids, so the suites can share one database: no test sees another's rows.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { CheckoutRepositories, CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import type { StockItem, StockLine } from '../../src/inventory/api.js';
import type { LoyaltyEntry } from '../../src/loyalty/api.js';
import type { CancelReason, Order, OrderLine } from '../../src/orders/api.js';
import type { OrderVerification, Payment } from '../../src/payments/api.js';
import type { Refund } from '../../src/payments/domain/refund.js';
import { money, type Money } from '../../src/shared/money.js';
import type { Result } from '../../src/shared/result.js';
import type { WalletEntry } from '../../src/wallet/api.js';

// ── The subject ──────────────────────────────────────────────────────────────

export interface StoreUnderTest {
  readonly store: CheckoutStore;
  /** Puts products on the shelf the way `seedCatalog` does (inserts, never overwrites). */
  seedCatalog(products: readonly StockItem[]): Promise<void>;
  /**
   * The balances a store caches per account (PostgreSQL's `wallet_accounts` and
   * `loyalty_accounts`), zero when there is no account; absent where nothing is cached apart.
   */
  readonly accounts?: {
    wallet(customerId: string, currency: string): Promise<number>;
    loyalty(customerId: string): Promise<{ balance: number; lifetime: number }>;
  };
}

/** What a contract suite runs against: the in-memory twin, or MikroORM on PostgreSQL. */
export interface PersistenceSubject {
  readonly name: string;
  /** Called before each test. */
  open(): Promise<StoreUnderTest>;
}

// ── Ids ──────────────────────────────────────────────────────────────────────

const run = randomBytes(3).toString('hex');
let counter = 0;

/** A new id, unique in this process and across processes sharing a database (≤ 24 chars). */
export const fresh = (prefix: string): string => `${prefix}_${run}${(counter += 1).toString(36).padStart(4, '0')}`;

// ── Money and time ───────────────────────────────────────────────────────────

export const npr = (amountMinor: number): Money => money(amountMinor, 'NPR');
export const usd = (amountMinor: number): Money => money(amountMinor, 'USD');

export const PLACED_AT = '2026-01-10T09:00:00.000Z';
export const PAID_AT = '2026-01-10T09:05:00.000Z';
export const CONFIRMED_AT = '2026-01-10T09:06:00.000Z';
export const CANCELLED_AT = '2026-01-10T09:30:00.000Z';
export const EXPIRES_AT = '2026-01-10T09:35:00.000Z';

// ── Catalog ──────────────────────────────────────────────────────────────────

export function aProduct(overrides: Partial<StockItem> = {}): StockItem {
  const sku = overrides.sku ?? fresh('SKU');
  return { sku, name: `Product ${sku}`, priceMinor: 45_000, currency: 'NPR', onHand: 10, ...overrides };
}

export const line = (sku: string, quantity: number): StockLine => ({ sku, quantity });

// ── Orders ───────────────────────────────────────────────────────────────────

export function anOrderLine(overrides: Partial<OrderLine> = {}): OrderLine {
  const unitPrice = overrides.unitPrice ?? npr(45_000);
  const quantity = overrides.quantity ?? 2;
  return { sku: 'TEA-ILAM-250', name: 'Ilam green tea, 250 g', unitPrice, quantity, lineTotal: money(unitPrice.amountMinor * quantity, unitPrice.currency), ...overrides };
}

/** A pending order of the given lines (two by default); subtotal and total are their sum. */
export function anOrder(overrides: { id?: string; customerId?: string; gateway?: string; lines?: readonly OrderLine[] } = {}): Order & { status: 'pending_payment' } {
  const lines = overrides.lines ?? [anOrderLine(), anOrderLine({ sku: 'MUG-CLAY', name: 'Thimi clay mug', unitPrice: npr(80_000), quantity: 1 })];
  const currency = lines[0]?.lineTotal.currency ?? 'NPR';
  const subtotal = money(
    lines.reduce((sum, { lineTotal }) => sum + lineTotal.amountMinor, 0),
    currency,
  );
  return {
    id: overrides.id ?? fresh('ord'),
    customerId: overrides.customerId ?? fresh('cus'),
    gateway: overrides.gateway ?? 'khalti',
    lines,
    subtotal,
    total: subtotal,
    placedAt: PLACED_AT,
    status: 'pending_payment',
  };
}

/** The same order in each later status, written as data so no domain function is under test. */
export const laterStates = {
  paid: (order: Order, paidAt = PAID_AT): Order => ({ ...dataOf(order), status: 'paid', paidAt }),
  confirmed: (order: Order): Order => ({ ...dataOf(order), status: 'confirmed', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT }),
  cancelledUnpaid: (order: Order, reason: CancelReason = 'payment_expired'): Order => ({ ...dataOf(order), status: 'cancelled', cancelledAt: CANCELLED_AT, reason }),
  cancelledAfterPayment: (order: Order, reason: CancelReason = 'out_of_stock'): Order => ({
    ...dataOf(order),
    status: 'cancelled',
    paidAt: PAID_AT,
    cancelledAt: CANCELLED_AT,
    reason,
  }),
  /** Confirmed, then `refundedMinor` of it refunded (all of it: refunded; less: partially refunded). */
  refunded: (order: Order, refundedMinor = order.total.amountMinor): Order => ({
    ...dataOf(order),
    status: refundedMinor === order.total.amountMinor ? 'refunded' : 'partially_refunded',
    paidAt: PAID_AT,
    confirmedAt: CONFIRMED_AT,
    refunded: money(refundedMinor, order.total.currency),
  }),
};

function dataOf(order: Order) {
  const { id, customerId, gateway, lines, subtotal, total, charges, placedAt } = order;
  return { id, customerId, gateway, lines, subtotal, total, ...(charges === undefined ? {} : { charges }), placedAt };
}

export const CANCEL_REASONS: readonly CancelReason[] = ['payment_expired', 'payment_cancelled', 'payment_failed', 'out_of_stock', 'operator_cancelled'];

// ── Payments ─────────────────────────────────────────────────────────────────

export function aPayment(order: Order, overrides: Partial<Payment> = {}): Payment {
  return { id: fresh('pay'), orderId: order.id, gateway: order.gateway, amount: order.total, status: 'pending', ...overrides };
}

/** The payment once the gateway has created it and the shopper has been sent there. */
export function anInitiatedPayment(order: Order, overrides: Partial<Payment> = {}): Payment {
  return aPayment(order, { gatewayPaymentId: fresh('pidx'), redirectUrl: 'https://pay.khalti.test/?pidx=abc', expiresAt: EXPIRES_AT, ...overrides });
}

export function aVerification(order: Order, overrides: Partial<OrderVerification> = {}): OrderVerification {
  return {
    gateway: order.gateway,
    transactionId: fresh('txn'),
    gatewayPaymentId: fresh('pidx'),
    orderId: order.id,
    amount: order.total,
    verifiedAt: PAID_AT,
    ...overrides,
  };
}

// ── Ledgers ──────────────────────────────────────────────────────────────────

export function aWalletCredit(order: Order, overrides: Partial<WalletEntry> = {}): WalletEntry {
  return {
    customerId: order.customerId,
    kind: 'refund_credit',
    amount: order.total,
    orderId: order.id,
    reason: 'out_of_stock',
    idempotencyKey: `checkout-${order.id}/refund-to-wallet/${fresh('k')}`,
    ...overrides,
  };
}

/** Money put into the wallet by the shopper: linked to no order. */
export function aTopUp(customerId: string, amount: Money, overrides: Partial<WalletEntry> = {}): WalletEntry {
  return { customerId, kind: 'top_up', amount, reason: 'top up', idempotencyKey: `top-up/${fresh('k')}`, ...overrides };
}

/** The wallet part of an order's payment: a debit of `amountMinor`. */
export function aWalletDebit(order: Order, amountMinor: number, overrides: Partial<WalletEntry> = {}): WalletEntry {
  return {
    customerId: order.customerId,
    kind: 'order_payment',
    amount: money(-amountMinor, order.total.currency),
    orderId: order.id,
    reason: 'order payment',
    idempotencyKey: `checkout-${order.id}/pay-from-wallet/${fresh('k')}`,
    ...overrides,
  };
}

export function aLoyaltyEarn(order: Order, overrides: Partial<LoyaltyEntry> = {}): LoyaltyEntry {
  return { kind: 'earn', points: 125, orderId: order.id, idempotencyKey: `checkout-${order.id}/award-points/${fresh('k')}`, ...overrides };
}

/** Points spent as a discount on the order: `points` taken. */
export function aLoyaltyRedeem(order: Order, points: number, overrides: Partial<LoyaltyEntry> = {}): LoyaltyEntry {
  return { kind: 'redeem', points: -points, orderId: order.id, idempotencyKey: `checkout-${order.id}/redeem-points/${fresh('k')}`, ...overrides };
}

// ── Refunds ──────────────────────────────────────────────────────────────────

/** A pending refund of `payment` (all of it by default) back through its gateway. */
export function aRefund(payment: Payment, overrides: Partial<Refund> = {}): Refund {
  return {
    id: fresh('ref'),
    orderId: payment.orderId,
    paymentId: payment.id,
    amount: payment.amount,
    destination: 'gateway',
    status: 'pending',
    reason: 'damaged in transit',
    requestedBy: 'operator@paysaga.test',
    ...overrides,
  };
}

// ── Helpers ──────────────────────────────────────────────────────────────────

/** Runs `work` in its own committed transaction. */
export const committed = <T>(store: CheckoutStore, work: (repositories: CheckoutRepositories) => Promise<T>): Promise<T> => store.transaction(work);

/** Stores orders (committed), so rows that reference them can be written. */
export async function given(store: CheckoutStore, ...orders: Order[]): Promise<void> {
  await store.transaction(async ({ orders: repository }) => {
    for (const order of orders) await repository.save(order);
  });
}

/** The units of `sku` that can still be sold (on hand less reserved), as `items` reports them. */
export async function onHand(store: CheckoutStore, sku: string): Promise<number | undefined> {
  const [item] = await store.read(({ stock }) => stock.items([sku]));
  return item?.onHand;
}

/** The low-stock report's row for `sku`, if it is low; the report covers the whole shared catalog. */
export async function stockLevel(store: CheckoutStore, sku: string) {
  return (await store.read(({ stock }) => stock.lowStock())).find((level) => level.sku === sku);
}

export function okValue<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected ok, got error ${JSON.stringify(result.error)}`);
  return result.value;
}

export function errorOf<T, E>(result: Result<T, E>): E {
  if (result.ok) throw new Error(`expected an error, got ok ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Counts each distinct outcome of many concurrent calls; a rejected call counts as `thrown`. */
export async function tally<T>(calls: readonly Promise<T>[], key: (value: T) => string): Promise<Record<string, number>> {
  const settled = await Promise.allSettled(calls);
  const counts: Record<string, number> = {};
  for (const outcome of settled) {
    const name = outcome.status === 'fulfilled' ? key(outcome.value) : `thrown: ${String((outcome.reason as Error)?.message ?? outcome.reason).slice(0, 120)}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/**
 * Refused by the store because of the named constraint of the PostgreSQL schema. The error type is
 * the adapter's own; both adapters name the constraint in the message.
 */
export const expectRefusedBy = async (promise: Promise<unknown>, constraint: string): Promise<void> => {
  await expect(promise).rejects.toThrow(constraint);
};
