import type { LoyaltyEntry, LoyaltyEntryKind } from '../../../src/loyalty/domain/points.js';
import type { Order } from '../../../src/orders/domain/order.js';
import { fresh, ORDER_ID } from './ids.js';

export const LOYALTY_ENTRY_KINDS: readonly LoyaltyEntryKind[] = ['earn', 'reverse', 'redeem', 'release'];

/** An entry of `kind` and signed `points` on the fixed order. */
export function aLoyaltyEntry(kind: LoyaltyEntryKind, points: number, overrides: Partial<LoyaltyEntry> = {}): LoyaltyEntry {
  return { kind, points, orderId: ORDER_ID, idempotencyKey: `loyalty/${kind}/${points}`, ...overrides };
}

/** Points earned by `order` (125 by default), under a fresh key. */
export function aLoyaltyEarn(order: Order, overrides: Partial<LoyaltyEntry> = {}): LoyaltyEntry {
  return { kind: 'earn', points: 125, orderId: order.id, idempotencyKey: `checkout-${order.id}/award-points/${fresh('k')}`, ...overrides };
}

/** Points spent as a discount on the order: `points` taken. */
export function aLoyaltyRedeem(order: Order, points: number, overrides: Partial<LoyaltyEntry> = {}): LoyaltyEntry {
  return { kind: 'redeem', points: -points, orderId: order.id, idempotencyKey: `checkout-${order.id}/redeem-points/${fresh('k')}`, ...overrides };
}
