/** The options of a gateway that keeps its own payment window. */
export interface PaymentWindowOptions {
  /** How long after initiate the saga waits for the shopper; each gateway has its default. */
  readonly paymentWindowSeconds?: number;
  readonly now?: () => Date;
}

/**
 * Our own payment window, for a gateway that reports no expiry of its own: a payment begun now is
 * waited for until `expiresAt()`, read from the gateway's clock.
 */
export class PaymentWindow {
  readonly #ms: number;
  readonly #now: () => Date;

  /** Throws `invalid(seconds)` unless `seconds` is a positive whole number: each gateway words its own error. */
  constructor(seconds: number, now: (() => Date) | undefined, invalid: (seconds: number) => Error) {
    if (!Number.isSafeInteger(seconds) || seconds <= 0) throw invalid(seconds);
    this.#ms = seconds * 1000;
    this.#now = now ?? (() => new Date());
  }

  /**
   * The window `options` ask for (`defaultSeconds` when they name none), on their clock. An invalid
   * length throws `invalid(seconds)`; by default a RangeError naming `paymentWindowSeconds`.
   */
  static of(
    options: PaymentWindowOptions,
    defaultSeconds: number,
    invalid: (seconds: number) => Error = (seconds) => new RangeError(`paymentWindowSeconds must be a positive integer, got ${seconds}`),
  ): PaymentWindow {
    return new PaymentWindow(options.paymentWindowSeconds ?? defaultSeconds, options.now, invalid);
  }

  /** When a payment begun now stops being waited for, as an ISO timestamp. */
  expiresAt(): string {
    return new Date(this.#now().getTime() + this.#ms).toISOString();
  }
}
