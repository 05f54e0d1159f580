/** What the refund-read tests ask of every gateway the same way. */
import { expect } from 'vitest';
import type { Money } from '../../../src/shared/money.js';
import type { InitiatedPayment, InitiatePaymentRequest, PaymentGateway, RefundReport, RefundStatusQuery } from '../../../src/payments/ports/payment-gateway.js';

/** A payment the sandbox has taken: the gateway's id for it and its transaction. */
export interface PaidPayment {
  readonly gatewayPaymentId: string;
  readonly transactionId: string;
}

/** The refund read's query for refund `refundId` of `amount` against `payment`, with nothing refunded before it. */
export function refundQuery(payment: PaidPayment, refundId: string, amount: Money, paid: Money): RefundStatusQuery {
  return {
    refundId,
    gatewayPaymentId: payment.gatewayPaymentId,
    transactionId: payment.transactionId,
    amount,
    paid,
    refundedBefore: { amountMinor: 0, currency: amount.currency },
  };
}

/** Makes the refund `query` reads, as the refund step does: keyed `refund-<refundId>/execute`. */
export function refundFor(gateway: PaymentGateway, query: RefundStatusQuery): Promise<RefundReport> {
  if (gateway.refund === undefined) throw new Error('the gateway does not refund');
  return gateway.refund({ ...query, idempotencyKey: `refund-${query.refundId}/execute`, reason: 'r' });
}

/**
 * Reads the refund `made` by its id: `pending` at first, then `settled` once `settle` has the
 * sandbox settle it, each with the gateway's own status word.
 */
export async function expectReadPendingThenSettled(
  gateway: PaymentGateway,
  query: RefundStatusQuery,
  made: RefundReport,
  words: { pending: string; settled: string },
  settle: (gatewayRefundId: string) => void,
): Promise<void> {
  if (gateway.refundStatus === undefined) throw new Error('the gateway does not read refunds');
  const byId: RefundStatusQuery = { ...query, gatewayRefundId: made.gatewayRefundId! };
  expect(await gateway.refundStatus(byId)).toEqual({ status: 'pending', gatewayRefundId: made.gatewayRefundId, gatewayStatus: words.pending });
  settle(made.gatewayRefundId!);
  expect(await gateway.refundStatus(byId)).toEqual({ status: 'completed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: words.settled });
}

/** Starts the payment a refund-read test goes on to refund: `request`, returning to the test shop. */
export function initiatePayment(
  gateway: PaymentGateway,
  request: Pick<InitiatePaymentRequest, 'orderId' | 'amount' | 'description' | 'idempotencyKey'>,
): Promise<InitiatedPayment> {
  return gateway.initiate({ ...request, returnUrl: 'http://shop.test/r', websiteUrl: 'http://shop.test' });
}
