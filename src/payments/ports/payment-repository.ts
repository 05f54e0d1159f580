import type { Payment, PaymentVerification, VerificationFailure } from '../domain/payment.js';

/**
 * Payments by order and by the gateway's id for them. An order has at most one payment per
 * gateway: a wallet part and one gateway part when it is split.
 */
export interface PaymentRepository {
  /** The order's gateway payment, or its wallet payment when the wallet paid it all. */
  byOrderId(orderId: string): Promise<Payment | undefined>;
  allForOrder(orderId: string): Promise<Payment[]>;
  byId(paymentId: string): Promise<Payment | undefined>;
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
  /** Records a failed verification; once per (gateway, gateway payment, transaction, code). */
  recordFailure(failure: VerificationFailure): Promise<void>;
}
