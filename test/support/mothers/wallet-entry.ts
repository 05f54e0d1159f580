import type { Order } from '../../../src/orders/domain/order.js';
import { type Money, money } from '../../../src/shared/money.js';
import type { WalletEntry, WalletEntryKind } from '../../../src/wallet/domain/wallet.js';
import { CUSTOMER_ID, fresh, ORDER_ID } from './ids.js';
import { npr } from './money.js';

export const WALLET_ENTRY_KINDS: readonly WalletEntryKind[] = ['top_up', 'order_payment', 'order_payment_return', 'refund_credit', 'adjustment'];

// ── The fixed order's entries (domain) ───────────────────────────────────────

/** A request to credit the fixed order's NPR 1,000 back to the wallet (the kind is the caller's). */
export function aRefundRequest(overrides: Partial<Omit<WalletEntry, 'kind'>> = {}): Omit<WalletEntry, 'kind'> {
  return {
    customerId: CUSTOMER_ID,
    amount: npr(100_000),
    orderId: ORDER_ID,
    reason: 'out_of_stock',
    idempotencyKey: `checkout-${ORDER_ID}/refund-to-wallet`,
    ...overrides,
  };
}

/** A well-formed entry of `kind` moving `amountMinor` (signed) NPR, with every reference its kind needs. */
export function aWalletEntry(kind: WalletEntryKind, amountMinor: number, overrides: Partial<WalletEntry> = {}): WalletEntry {
  return {
    customerId: CUSTOMER_ID,
    kind,
    amount: npr(amountMinor),
    orderId: ORDER_ID,
    reason: 'shopper request',
    idempotencyKey: `wallet/${kind}/${amountMinor}`,
    actor: 'op_sita',
    ...overrides,
  };
}

// ── Entries of a given order under fresh keys (persistence) ──────────────────

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
export function aTopUpEntry(customerId: string, amount: Money, overrides: Partial<WalletEntry> = {}): WalletEntry {
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
