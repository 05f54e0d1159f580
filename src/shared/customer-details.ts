/** How to reach the shopper about an order; every part optional (gateways take what they need). */
export interface Contact {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

/** Where an order is delivered. `country` is an ISO 3166-1 alpha-2 code. */
export interface DeliveryAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly region?: string;
  readonly postalCode: string;
  readonly country: string;
}
