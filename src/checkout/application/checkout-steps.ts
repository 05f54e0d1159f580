import { applyOrderCommand, placeOrder, type CancelReason, type Order, type OrderError } from '../../orders/domain/order.js';
import {
  bindVerification,
  checkClaim,
  type Payment,
  type PaymentStatus,
  type PaymentVerification,
  type VerificationError,
} from '../../payments/domain/payment.js';
import type { GatewayId, InitiatedPayment, PaymentGateways, PaymentStatusReport } from '../../payments/api.js';
import type { StockError } from '../../inventory/api.js';
import { pointsForSubtotal } from '../../loyalty/api.js';
import { refundCredit, type WalletError } from '../../wallet/domain/wallet.js';
import type { Money } from '../../shared/money.js';
import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { QuoteLine } from '../domain/pricing.js';
import type { CheckoutRepositories, CheckoutStore } from '../ports/checkout-store.js';

/** Everything the saga needs to know about the order it runs for; JSON-serialisable. */
export interface CheckoutOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly gateway: GatewayId;
  readonly lines: readonly QuoteLine[];
  readonly subtotal: Money;
  readonly total: Money;
  readonly placedAt: string;
  readonly customer?: { readonly name?: string; readonly email?: string; readonly phone?: string };
}

export interface VerifiedPayment {
  readonly transactionId: string;
  readonly amount: Money;
  /** False when this verification had already been recorded (a replay). */
  readonly isNew: boolean;
}

export interface CheckoutStepsDeps {
  readonly store: CheckoutStore;
  readonly gateways: PaymentGateways;
  readonly clock: Clock;
  readonly returnUrl: (gateway: GatewayId) => string;
  readonly websiteUrl: string;
  readonly newPaymentId: () => string;
  readonly earnRules?: Readonly<Record<string, number>>;
}


const orderFailure = (error: OrderError): never => {
  // A transition the saga asked for and the lifecycle refused is a bug in the saga, not a business outcome.
  throw new Error(error.message);
};

const paymentStatusFor = (reason: CancelReason): PaymentStatus => {
  switch (reason) {
    case 'payment_expired':
      return 'expired';
    case 'payment_cancelled':
    case 'operator_cancelled':
      return 'cancelled';
    case 'payment_failed':
      return 'failed';
    case 'out_of_stock':
      return 'completed';
  }
};

/**
 * The use cases behind each step of the checkout saga. Each is idempotent: the saga's activities
 * may run any of them more than once (retries, replays) and the outcome is the same as once.
 */
export function makeCheckoutSteps(deps: CheckoutStepsDeps) {
  const { store, gateways, clock } = deps;
  const now = () => clock.now().toISOString();

  const loadOrder = async (repos: CheckoutRepositories, orderId: string): Promise<Order> => {
    const order = await repos.orders.byId(orderId);
    if (order === undefined) throw new Error(`order ${orderId} does not exist`);
    return order;
  };
  const loadPayment = async (repos: CheckoutRepositories, orderId: string): Promise<Payment> => {
    const payment = await repos.payments.byOrderId(orderId);
    if (payment === undefined) throw new Error(`order ${orderId} has no payment`);
    return payment;
  };

  /** Stores the order (pending payment) and its payment; a second call finds them and does nothing. */
  async function recordOrder(input: CheckoutOrder): Promise<void> {
    await store.transaction(async (repos) => {
      if ((await repos.orders.byId(input.orderId)) !== undefined) return;
      await repos.orders.save(
        placeOrder({
          id: input.orderId,
          customerId: input.customerId,
          gateway: input.gateway,
          lines: input.lines,
          subtotal: input.subtotal,
          total: input.total,
          placedAt: input.placedAt,
        }),
      );
      await repos.payments.save({ id: deps.newPaymentId(), orderId: input.orderId, gateway: input.gateway, amount: input.total, status: 'pending' });
    });
  }

  /**
   * Creates the payment at the gateway once. The gateway's id for it is stored before the shopper
   * is redirected; a retried step returns what was stored instead of creating a second payment.
   */
  async function initiatePayment(input: CheckoutOrder & { readonly idempotencyKey: string }): Promise<InitiatedPayment> {
    const existing = await store.read((repos) => loadPayment(repos, input.orderId));
    if (existing.gatewayPaymentId !== undefined && existing.redirectUrl !== undefined && existing.expiresAt !== undefined) {
      return { gatewayPaymentId: existing.gatewayPaymentId, action: { type: 'redirect', url: existing.redirectUrl }, expiresAt: existing.expiresAt };
    }
    const initiated = await gateways.get(input.gateway).initiate({
      orderId: input.orderId,
      amount: input.total,
      description: describe(input.lines),
      returnUrl: deps.returnUrl(input.gateway),
      websiteUrl: deps.websiteUrl,
      ...(input.customer === undefined ? {} : { customer: input.customer }),
      idempotencyKey: input.idempotencyKey,
    });
    const redirectUrl = initiated.action.url;
    await store.transaction(async (repos) => {
      const payment = await loadPayment(repos, input.orderId);
      await repos.payments.save({ ...payment, gatewayPaymentId: initiated.gatewayPaymentId, redirectUrl, expiresAt: initiated.expiresAt });
    });
    return initiated;
  }

  /** Asks the gateway about the order's payment. Reads only; never changes state. */
  async function syncPayment(input: { readonly orderId: string }): Promise<PaymentStatusReport> {
    const payment = await store.read((repos) => loadPayment(repos, input.orderId));
    if (payment.gatewayPaymentId === undefined) throw new Error(`payment of order ${input.orderId} was never initiated`);
    return gateways.get(payment.gateway as GatewayId).lookup(payment.gatewayPaymentId, payment.amount);
  }

  /**
   * Verifies the payment with the gateway's own API, checks the exact amount, and binds the
   * transaction to this order in the verification ledger, then marks payment and order paid —
   * all in one transaction.
   */
  async function verifyPayment(input: { readonly orderId: string }): Promise<Result<VerifiedPayment, VerificationError | DomainError<'payments.not_completed'>>> {
    let report = await syncPayment(input);
    if (report.status === 'approved') {
      const payment = await store.read((repos) => loadPayment(repos, input.orderId));
      const gateway = gateways.get(payment.gateway as GatewayId);
      if (gateway.capture === undefined) throw new Error(`${payment.gateway} reported an approved payment but has no capture step`);
      // Keyed by the order: a retried capture is the same capture at the gateway.
      report = await gateway.capture(report.gatewayPaymentId, payment.amount, `checkout-${input.orderId}/capture`);
    }
    if (report.status !== 'completed') {
      return err(domainError('payments.not_completed', `the gateway reports the payment as ${report.gatewayStatus}`, { gatewayStatus: report.gatewayStatus }));
    }
    return store.transaction(async (repos) => {
      const payment = await loadPayment(repos, input.orderId);
      const claim = checkClaim(
        { gateway: payment.gateway, gatewayPaymentId: report.gatewayPaymentId, transactionId: report.transactionId, amount: report.amount },
        payment,
      );
      if (!claim.ok) return claim;
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
        // Lost a race with a concurrent verification of the same transaction; the unique key decided.
        throw new Error(`verification of ${payment.gateway} transaction ${report.transactionId} raced; retrying`);
      }
      await repos.payments.save({ ...payment, status: 'completed', transactionId: report.transactionId });
      const order = await loadOrder(repos, input.orderId);
      const paid = applyOrderCommand(order, { type: 'MarkOrderPaid', at: now() });
      if (!paid.ok) return orderFailure(paid.error);
      await repos.orders.save(paid.value.order);
      return ok({ transactionId: report.transactionId, amount: report.amount, isNew: bound.value.isNew });
    });
  }

  async function reserveStock(input: { readonly orderId: string }): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    return store.transaction(async (repos) => {
      const order = await loadOrder(repos, input.orderId);
      return repos.stock.reserve(order.id, order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })));
    });
  }

  async function awardPoints(input: { readonly orderId: string; readonly idempotencyKey: string }): Promise<{ points: number; awarded: boolean }> {
    return store.transaction(async (repos) => {
      const order = await loadOrder(repos, input.orderId);
      const points = pointsForSubtotal(order.subtotal, deps.earnRules);
      if (points === 0) return { points, awarded: false };
      const outcome = await repos.loyalty.append(order.customerId, { kind: 'earn', points, orderId: order.id, idempotencyKey: input.idempotencyKey });
      return { points, awarded: outcome === 'appended' };
    });
  }

  async function confirmOrder(input: { readonly orderId: string }): Promise<void> {
    await store.transaction(async (repos) => {
      const confirmed = applyOrderCommand(await loadOrder(repos, input.orderId), { type: 'ConfirmOrder', at: now() });
      if (!confirmed.ok) return orderFailure(confirmed.error);
      if (confirmed.value.events.length > 0) await repos.orders.save(confirmed.value.order);
    });
  }

  /** Credits what the gateway verifiably took for this order to the shopper's wallet, once. */
  async function refundToWallet(input: {
    readonly orderId: string;
    readonly idempotencyKey: string;
    readonly reason: string;
  }): Promise<Result<{ amount: Money; credited: boolean }, WalletError | DomainError<'payments.not_completed'>>> {
    return store.transaction(async (repos) => {
      const payment = await loadPayment(repos, input.orderId);
      if (payment.status !== 'completed' || payment.transactionId === undefined) {
        return err(domainError('payments.not_completed', `order ${input.orderId} has no verified payment to refund`));
      }
      const verification = await repos.verifications.byTransaction(payment.gateway, payment.transactionId);
      if (verification === undefined || verification.orderId !== input.orderId) {
        return err(domainError('payments.not_completed', `order ${input.orderId} has no verified payment to refund`));
      }
      const order = await loadOrder(repos, input.orderId);
      const entry = refundCredit({
        customerId: order.customerId,
        amount: verification.amount,
        orderId: order.id,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey,
      });
      if (!entry.ok) return entry;
      const outcome = await repos.wallet.append(entry.value);
      return ok({ amount: verification.amount, credited: outcome === 'appended' });
    });
  }

  async function cancelOrder(input: { readonly orderId: string; readonly reason: CancelReason }): Promise<void> {
    await store.transaction(async (repos) => {
      const cancelled = applyOrderCommand(await loadOrder(repos, input.orderId), { type: 'CancelOrder', at: now(), reason: input.reason });
      if (!cancelled.ok) return orderFailure(cancelled.error);
      if (cancelled.value.events.length === 0) return;
      await repos.orders.save(cancelled.value.order);
      const payment = await repos.payments.byOrderId(input.orderId);
      if (payment !== undefined && payment.status === 'pending') {
        await repos.payments.save({ ...payment, status: paymentStatusFor(input.reason) });
      }
    });
  }

  return { recordOrder, initiatePayment, syncPayment, verifyPayment, reserveStock, awardPoints, confirmOrder, refundToWallet, cancelOrder };
}

export type CheckoutSteps = ReturnType<typeof makeCheckoutSteps>;

function describe(lines: readonly QuoteLine[]): string {
  const first = lines[0];
  if (first === undefined) return 'Order';
  const text = lines.length === 1 ? `${first.name} x${first.quantity}` : `${first.name} and ${lines.length - 1} more`;
  return text.slice(0, 100);
}

