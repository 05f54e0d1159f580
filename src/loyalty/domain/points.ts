import type { Money } from '../../shared/money.js';

/** Minor units of subtotal that earn one point, per currency: 1 point per NPR 10. */
export const DEFAULT_EARN_RULES: Readonly<Record<string, number>> = { NPR: 1000 };

/**
 * Points earned by an order: whole points only, rounded down, so a partial step earns nothing.
 * A currency without a rule earns nothing rather than guessing an exchange rate.
 */
export function pointsForSubtotal(subtotal: Money, rules: Readonly<Record<string, number>> = DEFAULT_EARN_RULES): number {
  const minorPerPoint = rules[subtotal.currency];
  if (minorPerPoint === undefined || subtotal.amountMinor <= 0) return 0;
  return Math.floor(subtotal.amountMinor / minorPerPoint);
}

export interface LoyaltyEntry {
  readonly kind: 'earn';
  readonly points: number;
  readonly orderId: string;
  readonly idempotencyKey: string;
}

export const balanceOfPoints = (entries: readonly { points: number }[]): number => entries.reduce((total, entry) => total + entry.points, 0);
