import { add, money, subtract, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import { deliveryChargeMinor, type DeliveryZone } from './delivery-zones.js';
import { priceCart, type CartItem, type CatalogEntry, type PricingError, type QuoteLine } from './pricing.js';

export const DELIVERY_OPTIONS = ['standard', 'express', 'pickup'] as const;
export type DeliveryOption = (typeof DELIVERY_OPTIONS)[number];

/** A shop's pricing terms for one currency. Rates are basis points (1300 = 13 %). */
export interface PricingTerms {
  readonly currency: string;
  readonly taxRateBasisPoints: number;
  /** Delivery charge per option, in minor units, within the shop's country. */
  readonly delivery: Readonly<Record<DeliveryOption, number>>;
  /** Delivery charge per option abroad; absent: the domestic charges everywhere. */
  readonly internationalDelivery?: Readonly<Record<DeliveryOption, number>>;
  /** What one loyalty point is worth at checkout, in minor units. */
  readonly pointValueMinor: number;
  /** At most this share of the subtotal may be paid with points, in basis points. */
  readonly maxPointsShareBasisPoints: number;
}

export interface QuoteRequest {
  readonly items: readonly CartItem[];
  readonly delivery: DeliveryOption;
  /** Where it goes (`zoneOf` the address's country); absent: domestic. */
  readonly deliveryZone?: DeliveryZone;
  /** Points the shopper wants to spend; 0 for none. */
  readonly pointsToRedeem: number;
  /** Points the shopper has; redemption beyond it is refused. */
  readonly pointsAvailable: number;
}

/** A priced checkout: every total is computed here, on the server, from the catalog. */
export interface CheckoutQuote {
  readonly lines: readonly QuoteLine[];
  readonly subtotal: Money;
  readonly pointsRedeemed: number;
  /** What the redeemed points take off the subtotal. */
  readonly discount: Money;
  readonly delivery: Money;
  readonly deliveryOption: DeliveryOption;
  readonly deliveryZone: DeliveryZone;
  /** Tax on the discounted subtotal (delivery is not taxed), rounded half-up to a minor unit. */
  readonly tax: Money;
  /** subtotal − discount + tax + delivery. */
  readonly total: Money;
}

export type QuoteError = PricingError | DomainError<'checkout.unsupported_currency' | 'loyalty.insufficient_points' | 'loyalty.redemption_over_cap' | 'loyalty.invalid_points'>;

/**
 * `value × basisPoints / 10000`, rounded half-up, exactly: the product is computed as a BigInt so
 * no amount is ever rounded through a float.
 */
export function applyRateHalfUp(valueMinor: number, basisPoints: number): number {
  if (!Number.isSafeInteger(valueMinor) || valueMinor < 0) throw new RangeError(`value must be a non-negative safe integer, got ${valueMinor}`);
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) throw new RangeError(`rate must be non-negative whole basis points, got ${basisPoints}`);
  const scaled = BigInt(valueMinor) * BigInt(basisPoints);
  const result = (scaled + 5000n) / 10000n;
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount overflow');
  return Number(result);
}

/** The most points an order of this subtotal may redeem under the cap. */
export function maxRedeemablePoints(subtotal: Money, terms: PricingTerms): number {
  if (terms.pointValueMinor <= 0) return 0;
  const capMinor = Number((BigInt(subtotal.amountMinor) * BigInt(terms.maxPointsShareBasisPoints)) / 10000n);
  return Math.floor(capMinor / terms.pointValueMinor);
}

export function quoteCheckout(request: QuoteRequest, catalog: ReadonlyMap<string, CatalogEntry>, terms: PricingTerms): Result<CheckoutQuote, QuoteError> {
  const priced = priceCart(request.items, catalog);
  if (!priced.ok) return priced;
  const { lines, subtotal } = priced.value;
  if (subtotal.currency !== terms.currency) {
    return err(domainError('checkout.unsupported_currency', `the shop has no pricing terms for ${subtotal.currency}`));
  }
  const points = request.pointsToRedeem;
  if (!Number.isSafeInteger(points) || points < 0) return err(domainError('loyalty.invalid_points', 'points to redeem must be a whole number, 0 or more'));
  if (points > request.pointsAvailable) {
    return err(
      domainError('loyalty.insufficient_points', `${points} points requested but only ${request.pointsAvailable} available`, {
        requested: points,
        available: request.pointsAvailable,
      }),
    );
  }
  const maxPoints = maxRedeemablePoints(subtotal, terms);
  if (points > maxPoints) {
    return err(domainError('loyalty.redemption_over_cap', `at most ${maxPoints} points may be redeemed on this order`, { requested: points, max: maxPoints }));
  }
  const discount = money(points * terms.pointValueMinor, subtotal.currency);
  const taxable = subtract(subtotal, discount);
  const tax = money(applyRateHalfUp(taxable.amountMinor, terms.taxRateBasisPoints), subtotal.currency);
  const deliveryZone = request.deliveryZone ?? 'domestic';
  const charges = { domestic: terms.delivery, ...(terms.internationalDelivery === undefined ? {} : { international: terms.internationalDelivery }) };
  const delivery = money(deliveryChargeMinor(request.delivery, deliveryZone, charges), subtotal.currency);
  const total = add(add(taxable, tax), delivery);
  return ok({ lines, subtotal, pointsRedeemed: points, discount, delivery, deliveryOption: request.delivery, deliveryZone, tax, total });
}
