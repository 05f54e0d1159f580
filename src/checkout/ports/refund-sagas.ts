/** Running refunds: one durable saga per refund, started once (a second start is refused). */
export interface RefundSagas {
  start(refundId: string): Promise<void>;
  /** Waits for the refund's saga to finish; its final status. */
  outcome(refundId: string): Promise<'completed' | 'failed'>;
}
