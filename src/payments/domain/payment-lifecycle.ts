import type { Money } from '../../shared/money.js';
import { assertNever, domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import { isOpenPayment, isTakenPayment, type Payment } from './payment.js';

export type PaymentCommand =
  | { readonly type: 'StartProcessing' }
  | { readonly type: 'CompletePayment'; readonly transactionId: string }
  | { readonly type: 'FailPayment' }
  | { readonly type: 'CancelPayment' }
  | { readonly type: 'ExpirePayment' }
  /** What completed refunds have given back in total (a total, so repeating it is harmless). */
  | { readonly type: 'RecordPaymentRefunds'; readonly refundedTotal: Money };

export type PaymentError = DomainError<'payments.invalid_transition'>;

/**
 * The payment lifecycle: pending → processing → completed, or failed / cancelled / expired while
 * open; completed → partially refunded → refunded. Repeating a transition that already happened
 * is a no-op (saga steps are retried); every other move is a typed error.
 */
export function decidePayment(payment: Payment, command: PaymentCommand): Result<Payment, PaymentError> {
  const refuse = (): Result<never, PaymentError> =>
    err(domainError('payments.invalid_transition', `cannot ${command.type} a payment that is ${payment.status}`, { paymentId: payment.id, status: payment.status }));
  switch (command.type) {
    case 'StartProcessing':
      if (payment.status === 'pending') return ok({ ...payment, status: 'processing' });
      return payment.status === 'processing' ? ok(payment) : refuse();
    case 'CompletePayment':
      if (isOpenPayment(payment)) return ok({ ...payment, status: 'completed', transactionId: command.transactionId });
      return isTakenPayment(payment) && payment.transactionId === command.transactionId ? ok(payment) : refuse();
    case 'FailPayment':
    case 'CancelPayment':
    case 'ExpirePayment': {
      const target = command.type === 'FailPayment' ? 'failed' : command.type === 'CancelPayment' ? 'cancelled' : 'expired';
      if (isOpenPayment(payment)) return ok({ ...payment, status: target });
      return payment.status === target ? ok(payment) : refuse();
    }
    case 'RecordPaymentRefunds': {
      if (!isTakenPayment(payment)) return refuse();
      const refunded = command.refundedTotal.amountMinor;
      if (refunded < 0 || refunded > payment.amount.amountMinor || command.refundedTotal.currency !== payment.amount.currency) return refuse();
      // A total can arrive after a larger one (two refunds settling close together); once fully refunded, a lower total is stale.
      if (refunded === 0 || payment.status === 'refunded') return ok(payment);
      return ok({ ...payment, status: refunded === payment.amount.amountMinor ? 'refunded' : 'partially_refunded' });
    }
    default:
      return assertNever(command, 'payment command');
  }
}
