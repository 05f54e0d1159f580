import { equals, format, isPositive, type Money } from '../../shared/money.js';
import { assertNever, domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

export type RefundDestination = 'gateway' | 'wallet';
export type RefundStatus = 'pending' | 'completed' | 'failed';

/** A refund exists as `pending` from the moment it is asked for until the destination confirms it. */
export interface Refund {
  readonly id: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly amount: Money;
  readonly destination: RefundDestination;
  readonly status: RefundStatus;
  readonly reason: string;
  readonly requestedBy: string;
  readonly gatewayRefundId?: string;
  readonly failureReason?: string;
}

/**
 * One refund as planned, before it is recorded: what a refund saga starts from (JSON-serialisable).
 * The saga records it (`recordRefund`), so a refund row never exists without its saga.
 */
export interface RefundLeg {
  readonly refundId: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly amount: Money;
  readonly destination: RefundDestination;
  readonly reason: string;
  readonly requestedBy: string;
}

export type RefundError = DomainError<'refunds.invalid_amount' | 'refunds.exceeds_paid' | 'refunds.not_refundable' | 'refunds.invalid_transition' | 'refunds.gateway_unsupported'>;

/**
 * Decides a new refund against what was paid and what is already refunded or on its way back
 * (pending and completed refunds both count; failed ones free their amount). The sum of refunds
 * can never exceed the payment, whatever order requests arrive in — provided the caller decides
 * while holding the payment's lock, so two racing refunds see each other.
 */
export function decideRefund(input: {
  readonly paid: Money;
  readonly paymentCompleted: boolean;
  readonly existing: readonly Pick<Refund, 'amount' | 'status'>[];
  readonly request: Omit<Refund, 'status'>;
}): Result<Refund, RefundError> {
  const { paid, existing, request } = input;
  if (!input.paymentCompleted) return err(domainError('refunds.not_refundable', `order ${request.orderId} has no completed payment to refund`));
  if (request.amount.currency !== paid.currency || !isPositive(request.amount) || !Number.isSafeInteger(request.amount.amountMinor)) {
    return err(domainError('refunds.invalid_amount', `a refund must be a positive amount in ${paid.currency}`));
  }
  const committed = existing.filter((refund) => refund.status !== 'failed').reduce((total, refund) => total + refund.amount.amountMinor, 0);
  const refundable = paid.amountMinor - committed;
  if (request.amount.amountMinor > refundable) {
    return err(
      domainError('refunds.exceeds_paid', `only ${format({ amountMinor: refundable, currency: paid.currency })} of ${format(paid)} can still be refunded`, {
        paidMinor: paid.amountMinor,
        refundableMinor: refundable,
        requestedMinor: request.amount.amountMinor,
      }),
    );
  }
  return ok({ ...request, status: 'pending' });
}

export type RefundOutcome = { readonly type: 'RefundCompleted'; readonly gatewayRefundId?: string } | { readonly type: 'RefundFailed'; readonly reason: string };

/** A pending refund completes or fails once; repeating the same outcome is harmless, the other is refused. */
export function settleRefund(refund: Refund, outcome: RefundOutcome): Result<Refund, RefundError> {
  const target: RefundStatus = outcome.type === 'RefundCompleted' ? 'completed' : 'failed';
  if (refund.status === target) return ok(refund);
  if (refund.status !== 'pending') {
    return err(domainError('refunds.invalid_transition', `refund ${refund.id} is already ${refund.status}`));
  }
  switch (outcome.type) {
    case 'RefundCompleted':
      return ok({ ...refund, status: 'completed', ...(outcome.gatewayRefundId ? { gatewayRefundId: outcome.gatewayRefundId } : {}) });
    case 'RefundFailed':
      return ok({ ...refund, status: 'failed', failureReason: outcome.reason });
    default:
      return assertNever(outcome, 'refund outcome');
  }
}

/** Whether completed refunds have given back all of the payment. */
export const isFullyRefunded = (paid: Money, refundedMinor: number): boolean => equals(paid, { amountMinor: refundedMinor, currency: paid.currency });
