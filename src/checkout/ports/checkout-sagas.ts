import type { CheckoutOrder } from '../application/checkout-steps.js';
import type { CheckoutState, OperatorCommand, SagaPaymentCallback } from '../domain/saga.js';
import type { DomainError, Result } from '../../shared/result.js';

/**
 * The running checkout sagas, as the storefront side needs them. Implemented on Temporal.
 * `start` is idempotent per order id in the strongest sense: a second start for the same order
 * is refused by the engine (`checkout.already_started`), even after the first has closed.
 */
export interface CheckoutSagas {
  /** Starts the saga and waits until the shopper can be sent to pay (or it already ended). */
  start(order: CheckoutOrder): Promise<CheckoutState>;
  /** The live saga's state; `undefined` when there is no such saga (never started, or removed by retention). */
  state(orderId: string): Promise<CheckoutState | undefined>;
  reportCallback(orderId: string, callback: SagaPaymentCallback): Promise<void>;
  /**
   * Waits up to `timeoutMs` for the outcome; returns the state as it then is. A `callback` (the
   * shopper's return) is delivered in the same request. A closed saga answers with its final state
   * and a callback for it changes nothing; a saga that no longer exists (removed by the engine's
   * retention) answers `undefined`. The engine's own hiccups (a workflow task that failed under
   * the update) are absorbed: the answer is then the state as it is, not an error.
   */
  awaitOutcome(orderId: string, timeoutMs: number, callback?: SagaPaymentCallback): Promise<CheckoutState | undefined>;
  /**
   * An operator's command (retry, cancel, refund to wallet, approve, reject), checked by the saga
   * against its state first: refused with `checkout.command_refused` (nothing recorded) when it
   * does not apply, `checkout.not_found` when there is no such saga running.
   */
  /**
   * Sagas that need an operator, or have waited for payment longer than `olderThanMs`; with
   * `manual`, also the cash-on-delivery and bank-transfer checkouts waiting for an operator's
   * approval. Newest first, at most `limit`.
   */
  needingAttention(options: { readonly olderThanMs?: number; readonly manual?: boolean; readonly limit: number }): Promise<SagaSummary[]>;
  command(orderId: string, command: OperatorCommand): Promise<Result<CheckoutState, DomainError<'checkout.command_refused' | 'checkout.not_found'>>>;
}

export interface SagaSummary {
  readonly orderId: string;
  readonly customerId?: string;
  readonly gateway?: string;
  readonly status?: string;
  readonly amountMinor?: number;
  readonly startedAt: string;
}

export class CheckoutAlreadyStartedError extends Error {
  override readonly name = 'CheckoutAlreadyStartedError';
}
