import type { TopUpState } from '../domain/top-up.js';

/** What a top-up saga starts from; JSON-serialisable. */
export interface TopUpRequest {
  readonly topUpId: string;
  readonly customerId: string;
  readonly gateway: string;
  readonly amount: { readonly amountMinor: number; readonly currency: string };
  readonly requestedAt: string;
}

/** A gateway's callback or browser return for a top-up's payment: only a hint to go and verify. */
export interface TopUpPaymentCallback {
  readonly gateway: string;
  readonly gatewayPaymentId: string;
  readonly claimedStatus: string;
  readonly receivedAt: string;
}

/**
 * The running top-up sagas (`wallet-top-up-<topUpId>`), as the storefront side needs them.
 * `start` is refused by the engine for an id already used, even after that saga closed.
 */
export interface TopUpSagas {
  /** Starts the saga and waits until the shopper can be sent to pay (or it already ended). */
  start(request: TopUpRequest): Promise<TopUpState>;
  state(topUpId: string): Promise<TopUpState | undefined>;
  reportCallback(topUpId: string, callback: TopUpPaymentCallback): Promise<void>;
  /**
   * Waits up to `timeoutMs` for the outcome; returns the state as it then is. A `callback` (the
   * shopper's return) is delivered in the same request. A closed saga answers with its final state
   * and a callback for it changes nothing.
   */
  awaitOutcome(topUpId: string, timeoutMs: number, callback?: TopUpPaymentCallback): Promise<TopUpState>;
}
