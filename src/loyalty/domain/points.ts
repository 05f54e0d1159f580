import type { Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

/** Minor units of subtotal that earn one point, per currency: 1 point per NPR 10. */
export const DEFAULT_EARN_RULES: Readonly<Record<string, number>> = { NPR: 1000 };

/**
 * Points earned by an order: whole points only, rounded down, so a partial step earns nothing.
 * A currency without a rule earns nothing rather than guessing an exchange rate.
 */
export function pointsForSubtotal(subtotal: Money, rules: Readonly<Record<string, number>> = DEFAULT_EARN_RULES): number {
  const minorPerPoint = rules[subtotal.currency];
  if (minorPerPoint === undefined || minorPerPoint <= 0 || subtotal.amountMinor <= 0) return 0;
  return Math.floor(subtotal.amountMinor / minorPerPoint);
}

/**
 * The loyalty ledger's entries. Points are signed: earn and release add, redeem and reverse take.
 * - earn: awarded for a confirmed order, once;
 * - reverse: taken back in proportion when the order is refunded;
 * - redeem: spent as a discount at checkout;
 * - release: a redemption given back because its checkout failed.
 */
export type LoyaltyEntryKind = 'earn' | 'reverse' | 'redeem' | 'release';

export interface LoyaltyEntry {
  readonly kind: LoyaltyEntryKind;
  /** Signed. */
  readonly points: number;
  readonly orderId: string;
  readonly idempotencyKey: string;
}

export type LoyaltyError = DomainError<'loyalty.invalid_points' | 'loyalty.insufficient_points'>;

const SIGN: Readonly<Record<LoyaltyEntryKind, 1 | -1>> = { earn: 1, release: 1, redeem: -1, reverse: -1 };

/** Decides whether an entry may be appended to an account holding `balance` points. */
export function decideLoyaltyEntry(balance: number, entry: LoyaltyEntry): Result<LoyaltyEntry, LoyaltyError> {
  if (!Number.isSafeInteger(entry.points) || entry.points === 0 || Math.sign(entry.points) !== SIGN[entry.kind]) {
    return err(domainError('loyalty.invalid_points', `a ${entry.kind} entry must ${SIGN[entry.kind] > 0 ? 'add' : 'take'} a whole number of points`));
  }
  if (balance + entry.points < 0) {
    return err(domainError('loyalty.insufficient_points', `the account holds ${balance} points, ${-entry.points} asked`, { balance, requested: -entry.points }));
  }
  return ok(entry);
}

export const balanceOfPoints = (entries: readonly { points: number }[]): number => entries.reduce((total, entry) => total + entry.points, 0);

/** Lifetime points: everything earned, less what refunds took back; spending does not lower a tier. */
export const lifetimePoints = (entries: readonly Pick<LoyaltyEntry, 'kind' | 'points'>[]): number =>
  entries.filter((entry) => entry.kind === 'earn' || entry.kind === 'reverse').reduce((total, entry) => total + entry.points, 0);

export type Tier = 'bronze' | 'silver' | 'gold' | 'platinum';
export const TIERS: readonly Tier[] = ['bronze', 'silver', 'gold', 'platinum'];

/** Lifetime points at which each tier starts; bronze starts at 0. */
export type TierThresholds = Readonly<Record<Exclude<Tier, 'bronze'>, number>>;
export const DEFAULT_TIER_THRESHOLDS: TierThresholds = { silver: 1_000, gold: 5_000, platinum: 20_000 };

export interface TierStanding {
  readonly tier: Tier;
  readonly lifetimePoints: number;
  readonly nextTier?: Tier;
  readonly pointsToNextTier?: number;
}

/** The tier for a lifetime total, recomputed on every change (it can fall after a refund). */
export function tierFor(lifetime: number, thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS): TierStanding {
  const starts: readonly [Tier, number][] = [
    ['bronze', 0],
    ['silver', thresholds.silver],
    ['gold', thresholds.gold],
    ['platinum', thresholds.platinum],
  ];
  let index = 0;
  for (let i = 0; i < starts.length; i += 1) if (lifetime >= starts[i]![1]) index = i;
  const next = starts[index + 1];
  return next === undefined
    ? { tier: starts[index]![0], lifetimePoints: lifetime }
    : { tier: starts[index]![0], lifetimePoints: lifetime, nextTier: next[0], pointsToNextTier: next[1] - lifetime };
}

/**
 * Points to take back when `refundedMinor` of an order that `paidMinor` paid is refunded, given
 * what the order earned and what earlier refunds already took back: in proportion, rounded down
 * in the shopper's favour, and never more than is left of the order's earnings. The cumulative
 * form makes two partial refunds take back exactly what one full refund would.
 */
export function pointsToReverse(input: { earned: number; alreadyReversed: number; refundedTotalMinor: number; paidMinor: number }): number {
  const { earned, alreadyReversed, refundedTotalMinor, paidMinor } = input;
  if (earned <= 0 || paidMinor <= 0) return 0;
  const share = Math.min(refundedTotalMinor, paidMinor);
  const dueInTotal = Number((BigInt(earned) * BigInt(share)) / BigInt(paidMinor));
  return Math.max(0, Math.min(dueInTotal, earned) - alreadyReversed);
}
