import type { Payment, PaymentVerification } from '../domain/payment.js';

/** Payments by order and by the gateway's id for them. One payment per order in this slice. */
export interface PaymentRepository {
  byOrderId(orderId: string): Promise<Payment | undefined>;
  byGatewayPaymentId(gateway: string, gatewayPaymentId: string): Promise<Payment | undefined>;
  save(payment: Payment): Promise<void>;
}

/**
 * The ledger of verified gateway transactions, unique on (gateway, transaction id): one
 * transaction can confirm one order for one amount, however often its callback is replayed.
 */
export interface PaymentVerificationLedger {
  byTransaction(gateway: string, transactionId: string): Promise<PaymentVerification | undefined>;
  /** Inserts the verification; `duplicate` when the (gateway, transaction id) key already exists. */
  record(verification: PaymentVerification): Promise<'recorded' | 'duplicate'>;
}
