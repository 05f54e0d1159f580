import type { DeliveryOption } from './quote.js';

/** Where a delivery goes, seen from the shop: its own country, or abroad. */
export type DeliveryZone = 'domestic' | 'international';

/** Charges per delivery option, in minor units, for each zone. */
export type ZoneCharges = Readonly<Record<DeliveryZone, Readonly<Record<DeliveryOption, number>>>>;

/**
 * The zone of a delivery to `country` from a shop in `shopCountry`. No country (a pickup, or a
 * request from before addresses existed) is domestic: the shop's own charge, as it always was.
 */
export function zoneOf(country: string | undefined, shopCountry: string): DeliveryZone {
  return country === undefined || country === shopCountry ? 'domestic' : 'international';
}

/**
 * What delivering by `option` to `zone` costs, in minor units. A pickup costs the same wherever
 * the shopper lives; a zone without its own charges (terms from before zones) charges the domestic ones.
 */
export function deliveryChargeMinor(option: DeliveryOption, zone: DeliveryZone, charges: Partial<ZoneCharges> & Pick<ZoneCharges, 'domestic'>): number {
  if (option === 'pickup') return charges.domestic.pickup;
  return (charges[zone] ?? charges.domestic)[option];
}
