import type { CheckoutOrder } from '../application/checkout-steps.js';
import type { CheckoutState, SagaPaymentCallback } from '../domain/saga.js';

/**
 * The running checkout sagas, as the storefront side needs them. Implemented on Temporal.
 * `start` is idempotent per order id in the strongest sense: a second start for the same order
 * is refused by the engine (`checkout.already_started`), even after the first has closed.
 */
export interface CheckoutSagas {
  /** Starts the saga and waits until the shopper can be sent to pay (or it already ended). */
  start(order: CheckoutOrder): Promise<CheckoutState>;
  state(orderId: string): Promise<CheckoutState | undefined>;
  reportCallback(orderId: string, callback: SagaPaymentCallback): Promise<void>;
  /** Waits up to `timeoutMs` for the outcome; returns the state as it then is. */
  awaitOutcome(orderId: string, timeoutMs: number): Promise<CheckoutState>;
}

export class CheckoutAlreadyStartedError extends Error {
  override readonly name = 'CheckoutAlreadyStartedError';
}
