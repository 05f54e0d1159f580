import type { CancelReason } from '../../orders/api.js';
import {
  bindVerification,
  isTakenPayment,
  type GatewayId,
  type PaymentCommand,
  type PaymentGateways,
  type PaymentVerification,
  type VerificationError,
} from '../../payments/api.js';
import type { WalletError } from '../../wallet/api.js';
import type { Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { CheckoutRepositories, CheckoutStore } from '../ports/checkout-store.js';
import type { CheckoutRecords } from './checkout-records.js';
import { tell } from '../../notifications/api.js';

const paymentCommandFor = (reason: CancelReason): PaymentCommand | undefined => {
  switch (reason) {
    case 'payment_expired':
      return { type: 'ExpirePayment' };
    case 'payment_cancelled':
    case 'operator_cancelled':
    case 'refunded_to_wallet':
      return { type: 'CancelPayment' };
    case 'payment_failed':
      return { type: 'FailPayment' };
    case 'out_of_stock':
      return undefined;
  }
};

/**
 * The steps that settle a checkout's money other than by confirming it: the refund to the wallet,
 * an operator's credit of what the gateway took, a manual payment approved, the order cancelled.
 */
export function makeSettlementSteps(deps: { readonly store: CheckoutStore; readonly gateways: PaymentGateways; readonly now: () => string; readonly records: CheckoutRecords }) {
  const { store, gateways, now } = deps;
  const { loadOrder, gatewayPayment, movePayment, moveOrder } = deps.records;

  /** The wallet credit of a refund to the order's shopper, once per idempotency key. */
  async function creditRefund(
    repos: CheckoutRepositories,
    paymentId: string,
    amount: Money,
    input: { readonly orderId: string; readonly idempotencyKey: string; readonly reason: string },
  ) {
    const order = await loadOrder(repos, input.orderId);
    const appended = await repos.wallet.append({
      customerId: order.customerId,
      kind: 'refund_credit',
      amount,
      orderId: order.id,
      paymentId,
      reason: input.reason,
      idempotencyKey: input.idempotencyKey,
    });
    if (appended.ok && appended.value === 'appended') {
      await tell(repos.notifications, { type: 'refunded_to_wallet', orderId: order.id, customerId: order.customerId, amount, reason: input.reason }, order.contact);
    }
    return appended;
  }

  /** Credits what the gateway verifiably took for this order to the shopper's wallet, once. */
  async function refundToWallet(input: {
    readonly orderId: string;
    readonly idempotencyKey: string;
    readonly reason: string;
  }): Promise<Result<{ amount: Money; credited: boolean }, WalletError | DomainError<'payments.not_completed'>>> {
    return store.transaction(async (repos) => {
      const payment = await gatewayPayment(repos, input.orderId);
      const nothingVerified = () => err(domainError('payments.not_completed', `order ${input.orderId} has no verified payment to refund`));
      if (!isTakenPayment(payment) || payment.transactionId === undefined) return nothingVerified();
      const verification = await repos.verifications.byTransaction(payment.gateway, payment.transactionId);
      if (verification === undefined || verification.orderId !== input.orderId) return nothingVerified();
      if (payment.status !== 'completed') {
        // Refunded already: by this very step when it ran before and its answer was lost (a
        // retry, answered as the first run was), else by something else, and then not again.
        return (await repos.wallet.hasEntry(input.idempotencyKey)) ? ok({ amount: verification.amount, credited: false }) : nothingVerified();
      }
      const outcome = await creditRefund(repos, payment.id, verification.amount, input);
      if (!outcome.ok) return outcome;
      await movePayment(repos, payment, { type: 'RecordPaymentRefunds', refundedTotal: verification.amount });
      return ok({ amount: verification.amount, credited: outcome.value === 'appended' });
    });
  }

  /**
   * An operator's "refund to wallet" on a parked checkout: credits to the shopper's wallet what the
   * gateway reports it took for this order — the verified amount if the payment was verified, or
   * what the gateway says now (an amount that did not match, say), bound in the verification
   * ledger first so the same transaction can never be credited or confirm an order again. The
   * payment ends `refunded`. Refused with `payments.not_completed` when the gateway took nothing,
   * and with `payments.transaction_reused` when the transaction already belongs to another order.
   */
  async function creditTakenToWallet(input: {
    readonly orderId: string;
    readonly idempotencyKey: string;
    readonly reason: string;
  }): Promise<Result<{ amount: Money; credited: boolean }, WalletError | VerificationError | DomainError<'payments.not_completed'>>> {
    const known = await store.read((repos) => gatewayPayment(repos, input.orderId));
    if (known.status === 'completed' || known.status === 'partially_refunded' || known.status === 'refunded') return refundToWallet(input);
    if (known.gatewayPaymentId === undefined) return err(domainError('payments.not_completed', `order ${input.orderId} has no gateway payment to credit`));
    const report = await gateways.get(known.gateway as GatewayId).lookup(known.gatewayPaymentId, known.amount);
    if (report.status !== 'completed') {
      return err(
        domainError('payments.not_completed', `the gateway reports the payment as ${report.gatewayStatus}: nothing was taken to credit`, { gatewayStatus: report.gatewayStatus }),
      );
    }
    return store.transaction(async (repos) => {
      const payment = await gatewayPayment(repos, input.orderId);
      const candidate: PaymentVerification = {
        gateway: payment.gateway,
        transactionId: report.transactionId,
        gatewayPaymentId: report.gatewayPaymentId,
        orderId: payment.orderId,
        amount: report.amount,
        verifiedAt: now(),
      };
      const bound = bindVerification(await repos.verifications.byTransaction(payment.gateway, report.transactionId), candidate);
      if (!bound.ok) return bound;
      if (bound.value.isNew && (await repos.verifications.record(candidate)) === 'duplicate') {
        throw new Error(`verification of ${payment.gateway} transaction ${report.transactionId} raced; retrying`);
      }
      const outcome = await creditRefund(repos, payment.id, report.amount, input);
      if (!outcome.ok) return outcome;
      const completed = await movePayment(repos, payment, { type: 'CompletePayment', transactionId: report.transactionId });
      await movePayment(repos, completed, { type: 'RecordPaymentRefunds', refundedTotal: completed.amount });
      return ok({ amount: report.amount, credited: outcome.value === 'appended' });
    });
  }

  /**
   * An operator saw the money (cash collected, transfer on the statement): the manual payment is
   * completed under a reference of the order's own, and the order is paid. Once only.
   */
  async function approveManualPayment(input: { readonly orderId: string; readonly approvedBy: string }): Promise<void> {
    await store.transaction(async (repos) => {
      const payment = await gatewayPayment(repos, input.orderId);
      const transactionId = `manual-${input.orderId}`;
      // In the verification ledger like any gateway's money: refunds and the wallet credit of a
      // manual payment find what was taken there.
      await repos.verifications.record({
        gateway: payment.gateway,
        transactionId,
        gatewayPaymentId: transactionId,
        orderId: payment.orderId,
        amount: payment.amount,
        verifiedAt: now(),
      });
      await movePayment(repos, payment, { type: 'CompletePayment', transactionId });
      await moveOrder(repos, input.orderId, { type: 'MarkOrderPaid', at: now() });
    });
  }

  /** Cancels the order, settling whatever is still open: pending payments and held stock. */
  async function cancelOrder(input: { readonly orderId: string; readonly reason: CancelReason }): Promise<void> {
    await store.transaction(async (repos) => {
      const before = await loadOrder(repos, input.orderId);
      await moveOrder(repos, input.orderId, { type: 'CancelOrder', at: now(), reason: input.reason });
      await repos.stock.release(input.orderId);
      if (before.status !== 'cancelled') {
        await tell(repos.notifications, { type: 'order_cancelled', orderId: before.id, customerId: before.customerId, total: before.total, reason: input.reason }, before.contact);
      }
      const command = paymentCommandFor(input.reason) ?? { type: 'CancelPayment' as const };
      for (const payment of await repos.payments.allForOrder(input.orderId)) {
        if (payment.status === 'pending' || payment.status === 'processing') await movePayment(repos, payment, command);
      }
    });
  }

  return { refundToWallet, creditTakenToWallet, approveManualPayment, cancelOrder };
}
