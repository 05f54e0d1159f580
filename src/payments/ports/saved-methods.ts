import type { PaidWith, SavedMethod } from '../domain/saved-method.js';

/**
 * The shoppers' saved payment methods and their gateway customers (`gateway_customers`,
 * `saved_payment_methods`), and how each payment was paid. Holds the gateway's ids and display
 * data only. A shopper has at most one default method.
 */
export interface SavedMethodRepository {
  /** The gateway's customer id for this shopper, if one was recorded. */
  gatewayCustomer(customerId: string, gateway: string): Promise<string | undefined>;
  /**
   * Records the shopper's gateway customer unless one is recorded already; answers the one kept
   * (the first recorded wins a race, so two concurrent calls end with one mapping).
   */
  recordGatewayCustomer(customerId: string, gateway: string, gatewayCustomerId: string): Promise<string>;
  /** The shopper's methods, the default first, then oldest first. */
  listByCustomer(customerId: string): Promise<SavedMethod[]>;
  byId(id: string): Promise<SavedMethod | undefined>;
  /**
   * Keeps a method; idempotent on (gateway, gatewayMethodId): saving it again answers the row kept
   * first. It becomes the shopper's default when they have none (`isDefault` of the argument is
   * ignored).
   */
  save(method: SavedMethod): Promise<SavedMethod>;
  /** Makes the shopper's method their only default; false when they have no such method. */
  setDefault(customerId: string, id: string): Promise<boolean>;
  /** Deletes the shopper's method; false when they have no such method (already removed). */
  remove(customerId: string, id: string): Promise<boolean>;
  /** Records on a payment how it was paid (checked display data only); a repeat overwrites with the same. */
  recordPaidWith(paymentId: string, paidWith: PaidWith): Promise<void>;
  /** How a payment was paid, if recorded. */
  paidWith(paymentId: string): Promise<PaidWith | undefined>;
}
