import type { Cart, CartError, TakenLines } from '../domain/cart.js';
import type { Result } from '../../shared/result.js';

/**
 * Shoppers' carts, one per customer, and which lines each checkout took from one.
 *
 * Every change runs on the cart locked for its customer, so concurrent changes of one cart apply
 * one after the other (each sees the other's result, and the version rises by one each); each
 * takes the caller's transaction when there is one.
 */
export interface CartRepository {
  /** The customer's cart; an empty one at version 0 when they never had one. */
  byCustomer(customerId: string): Promise<Cart>;
  /** Sets a line's quantity (`setCartLine`); refused with the domain's error, changing nothing. */
  setLine(customerId: string, sku: string, quantity: number): Promise<Result<Cart, CartError>>;
  /** Removes a line; removing one that is not there changes nothing. */
  removeLine(customerId: string, sku: string): Promise<Cart>;
  /** Removes every line; the version goes on rising from where it was. */
  clear(customerId: string): Promise<Cart>;
  /**
   * Records the lines (with their revisions) that the checkout `orderId` of `customerId` took from
   * the cart. Once per order: a second call keeps the first record. The order must exist.
   */
  recordTaken(orderId: string, customerId: string, lines: TakenLines): Promise<void>;
  /** What `orderId` took from its customer's cart; empty when it was not a cart checkout. */
  takenBy(orderId: string): Promise<TakenLines>;
  /**
   * Removes from the customer's cart exactly the lines `orderId` took, each only while still at
   * the revision it was taken at (`afterOrderConfirmed`). Idempotent; answers the cart after it.
   */
  clearTaken(orderId: string): Promise<Cart | undefined>;
}
