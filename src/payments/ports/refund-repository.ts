import type { Refund } from '../domain/refund.js';

/**
 * Refunds. Deciding a new refund must happen inside a transaction that first calls
 * `lockPayment`, so two racing refunds of one payment see each other.
 */
export interface RefundRepository {
  lockPayment(paymentId: string): Promise<void>;
  forPayment(paymentId: string): Promise<Refund[]>;
  byId(refundId: string): Promise<Refund | undefined>;
  save(refund: Refund): Promise<void>;
}
