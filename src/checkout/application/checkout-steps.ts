import { applyOrderCommand, placeOrder, type CancelReason, type Order, type OrderCharges, type OrderError } from '../../orders/api.js';
import {
  bindVerification,
  decidePayment,
  makeGatewayPaymentSteps,
  type GatewayId,
  type InitiatedPayment,
  type Payment,
  type PaymentCommand,
  type PaymentGateways,
  type PaymentStatusReport,
  type PaymentVerification,
  type PaymentVerificationResult,
  type SubjectPaymentRecords,
  type VerificationError,
} from '../../payments/api.js';
import type { StockError } from '../../inventory/api.js';
import { pointsForSubtotal, type LoyaltyError } from '../../loyalty/api.js';
import type { WalletError } from '../../wallet/api.js';
import { money, type Money } from '../../shared/money.js';
import { splitPayment, type ManualMethod } from '../domain/saga.js';
import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { QuoteLine } from '../domain/pricing.js';
import type { CheckoutRepositories, CheckoutStore } from '../ports/checkout-store.js';

/** How an order is paid: through a gateway, from the wallet, or split (wallet first, the rest by the gateway). */
export type PaymentMethod = GatewayId | 'wallet' | ManualMethod;

/** Everything the saga needs to know about the order it runs for; JSON-serialisable. */
export interface CheckoutOrder {
  readonly orderId: string;
  readonly customerId: string;
  /** `wallet` when the wallet pays it all; otherwise the gateway that takes the rest. */
  readonly gateway: PaymentMethod;
  readonly lines: readonly QuoteLine[];
  readonly subtotal: Money;
  readonly total: Money;
  /** The part of `total` paid from the wallet first (0 when none); the gateway takes the rest. */
  readonly walletAmount?: Money;
  readonly charges?: OrderCharges;
  readonly placedAt: string;
  readonly customer?: { readonly name?: string; readonly email?: string; readonly phone?: string };
}

/** The wallet part and the gateway part of an order's total. */
export function paymentParts(order: Pick<CheckoutOrder, 'gateway' | 'total' | 'walletAmount'>): { wallet: Money; gateway: Money } {
  const parts = splitPayment(order.gateway, order.total, order.walletAmount);
  return { wallet: money(parts.wallet.amountMinor, parts.wallet.currency), gateway: money(parts.gateway.amountMinor, parts.gateway.currency) };
}

export type { VerifiedPayment } from '../../payments/api.js';

export interface CheckoutStepsDeps {
  readonly store: CheckoutStore;
  readonly gateways: PaymentGateways;
  readonly clock: Clock;
  readonly returnUrl: (gateway: GatewayId) => string;
  readonly websiteUrl: string;
  readonly newPaymentId: () => string;
  readonly earnRules?: Readonly<Record<string, number>>;
  /** The idempotency key of an order's capture at the gateway (one per order, stable across retries). */
  readonly captureKey: (orderId: string) => string;
}

const bug = (error: DomainError): never => {
  // A transition the saga asked for and the lifecycle refused is a bug in the saga, not a business outcome.
  throw new Error(error.message);
};

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
  const gatewayPayment = async (repos: CheckoutRepositories, orderId: string): Promise<Payment> => {
    const payment = (await repos.payments.allForOrder(orderId)).find((p) => p.gateway !== 'wallet');
    if (payment === undefined) throw new Error(`order ${orderId} has no gateway payment`);
    return payment;
  };
  const walletPayment = async (repos: CheckoutRepositories, orderId: string): Promise<Payment | undefined> =>
    (await repos.payments.allForOrder(orderId)).find((p) => p.gateway === 'wallet');
  const movePayment = async (repos: CheckoutRepositories, payment: Payment, command: PaymentCommand): Promise<Payment> => {
    const decided = decidePayment(payment, command);
    if (!decided.ok) return bug(decided.error);
    if (decided.value !== payment) await repos.payments.save(decided.value);
    return decided.value;
  };
  const moveOrder = async (repos: CheckoutRepositories, orderId: string, command: Parameters<typeof applyOrderCommand>[1]): Promise<Order> => {
    const applied = applyOrderCommand(await loadOrder(repos, orderId), command);
    if (!applied.ok) return bug(applied.error as OrderError);
    if (applied.value.events.length > 0) await repos.orders.save(applied.value.order);
    return applied.value.order;
  };

  /** An order's gateway part, as the shared gateway steps see it. */
  const orderPayments = (repos: CheckoutRepositories): SubjectPaymentRecords => ({
    verifications: repos.verifications,
    async payment(orderId) {
      const payment = await gatewayPayment(repos, orderId);
      const action = payment.action ?? (payment.redirectUrl === undefined ? undefined : { type: 'redirect' as const, url: payment.redirectUrl });
      return {
        subject: { kind: 'order', id: orderId },
        gateway: payment.gateway as GatewayId,
        amount: payment.amount,
        gatewayPaymentId: payment.gatewayPaymentId,
        action,
        expiresAt: payment.expiresAt,
      };
    },
    async recordInitiated(orderId, initiated) {
      const payment = await gatewayPayment(repos, orderId);
      await repos.payments.save({
        ...payment,
        gatewayPaymentId: initiated.gatewayPaymentId,
        redirectUrl: initiated.action.url,
        action: initiated.action,
        expiresAt: initiated.expiresAt,
      });
    },
    async markPaid(orderId, transactionId) {
      await movePayment(repos, await gatewayPayment(repos, orderId), { type: 'CompletePayment', transactionId });
      await moveOrder(repos, orderId, { type: 'MarkOrderPaid', at: now() });
    },
  });
  const gatewaySteps = makeGatewayPaymentSteps({
    store: { transaction: (work) => store.transaction((repos) => work(orderPayments(repos))), read: (work) => store.read((repos) => work(orderPayments(repos))) },
    gateways,
    clock,
    returnUrl: deps.returnUrl,
    websiteUrl: deps.websiteUrl,
    captureKey: deps.captureKey,
  });

  /** Stores the order (pending payment) and its payment parts; a second call finds them and does nothing. */
  async function recordOrder(input: CheckoutOrder): Promise<void> {
    await store.transaction(async (repos) => {
      if ((await repos.orders.byId(input.orderId)) !== undefined) return;
      await recordOrderIn(repos, input);
    });
  }

  async function recordOrderIn(repos: CheckoutRepositories, input: CheckoutOrder): Promise<void> {
    await repos.orders.save(
      placeOrder({
        id: input.orderId,
        customerId: input.customerId,
        gateway: input.gateway,
        lines: input.lines,
        subtotal: input.subtotal,
        total: input.total,
        ...(input.charges === undefined ? {} : { charges: input.charges }),
        placedAt: input.placedAt,
      }),
    );
    const parts = paymentParts(input);
    if (parts.wallet.amountMinor > 0) {
      await repos.payments.save({ id: deps.newPaymentId(), orderId: input.orderId, gateway: 'wallet', amount: parts.wallet, status: 'pending' });
    }
    if (parts.gateway.amountMinor > 0) {
      await repos.payments.save({ id: deps.newPaymentId(), orderId: input.orderId, gateway: input.gateway, amount: parts.gateway, status: 'pending' });
    }
  }

  /** Spends the points the quote redeemed, once. Refused when the shopper no longer has them. */
  async function redeemPoints(input: { readonly orderId: string; readonly idempotencyKey: string }): Promise<Result<{ points: number }, LoyaltyError>> {
    return store.transaction((repos) => redeemPointsIn(repos, input));
  }

  async function redeemPointsIn(
    repos: CheckoutRepositories,
    input: { readonly orderId: string; readonly idempotencyKey: string },
  ): Promise<Result<{ points: number }, LoyaltyError>> {
    const order = await loadOrder(repos, input.orderId);
    const points = order.charges?.pointsRedeemed ?? 0;
    if (points === 0) return ok({ points });
    const appended = await repos.loyalty.append(order.customerId, { kind: 'redeem', points: -points, orderId: order.id, idempotencyKey: input.idempotencyKey });
    return appended.ok ? ok({ points }) : appended;
  }

  /**
   * Opens the checkout in one transaction: stores the order and its payment parts, spends the
   * redeemed points and debits the wallet part. When the balance or the points are no longer
   * there (another checkout spent them since the quote), nothing is kept — no order, no entry —
   * and the refusal says which: `wallet.balance_changed` or `loyalty.points_changed`.
   * A second call finds the order and does nothing.
   */
  async function openOrder(
    input: CheckoutOrder & { readonly redeemKey: string; readonly debitKey: string },
  ): Promise<Result<{ readonly pointsRedeemed: number; readonly walletPaid: Money }, DomainError<'wallet.balance_changed' | 'loyalty.points_changed'>>> {
    const { redeemKey, debitKey, ...order } = input;
    try {
      return await store.transaction(async (repos) => {
        const parts = paymentParts(order);
        if ((await repos.orders.byId(order.orderId)) !== undefined) return ok({ pointsRedeemed: order.charges?.pointsRedeemed ?? 0, walletPaid: parts.wallet });
        await recordOrderIn(repos, order);
        const redeemed = await redeemPointsIn(repos, { orderId: order.orderId, idempotencyKey: redeemKey });
        if (!redeemed.ok) throw new RefusedCheckout(domainError('loyalty.points_changed', `the points this checkout redeems are no longer there: ${redeemed.error.message}`));
        if (parts.wallet.amountMinor > 0) {
          const paid = await payFromWalletIn(repos, { orderId: order.orderId, idempotencyKey: debitKey });
          if (!paid.ok) throw new RefusedCheckout(domainError('wallet.balance_changed', `the wallet no longer holds the part this checkout pays from it: ${paid.error.message}`));
        }
        return ok({ pointsRedeemed: redeemed.value.points, walletPaid: parts.wallet });
      });
    } catch (error) {
      // Thrown inside the transaction so that it rolls back; answered as the refusal it is.
      if (error instanceof RefusedCheckout) return err(error.refusal);
      throw error;
    }
  }

  /** Gives back redeemed points when the checkout fails; only what was actually redeemed, once. */
  async function releasePoints(input: { readonly orderId: string; readonly redeemKey: string; readonly idempotencyKey: string }): Promise<{ points: number }> {
    return store.transaction(async (repos) => {
      const order = await loadOrder(repos, input.orderId);
      const redeemed = (await repos.loyalty.forOrder(order.customerId, order.id)).find((entry) => entry.idempotencyKey === input.redeemKey);
      if (redeemed === undefined) return { points: 0 };
      const released = await repos.loyalty.append(order.customerId, { kind: 'release', points: -redeemed.points, orderId: order.id, idempotencyKey: input.idempotencyKey });
      if (!released.ok) return bug(released.error);
      return { points: -redeemed.points };
    });
  }

  /** Debits the wallet part of the order, once. Refused with `wallet.insufficient_funds`. */
  async function payFromWallet(input: { readonly orderId: string; readonly idempotencyKey: string }): Promise<Result<{ amount: Money }, WalletError>> {
    return store.transaction((repos) => payFromWalletIn(repos, input));
  }

  async function payFromWalletIn(
    repos: CheckoutRepositories,
    input: { readonly orderId: string; readonly idempotencyKey: string },
  ): Promise<Result<{ amount: Money }, WalletError>> {
    const order = await loadOrder(repos, input.orderId);
    const payment = await walletPayment(repos, input.orderId);
    if (payment === undefined) throw new Error(`order ${input.orderId} has no wallet part`);
    const debited = await repos.wallet.append({
      customerId: order.customerId,
      kind: 'order_payment',
      amount: money(-payment.amount.amountMinor, payment.amount.currency),
      orderId: order.id,
      paymentId: payment.id,
      reason: `payment of order ${order.id}`,
      idempotencyKey: input.idempotencyKey,
    });
    if (!debited.ok) {
      await movePayment(repos, payment, { type: 'FailPayment' });
      return debited;
    }
    await movePayment(repos, payment, { type: 'CompletePayment', transactionId: input.idempotencyKey });
    // A wallet-only order is paid now; a split one once the gateway part is verified.
    if (order.gateway === 'wallet') await moveOrder(repos, order.id, { type: 'MarkOrderPaid', at: now() });
    return ok({ amount: payment.amount });
  }

  /** Returns the wallet part when the rest of the checkout fails; only if it was debited, once. */
  async function returnWalletPart(input: {
    readonly orderId: string;
    readonly debitKey: string;
    readonly idempotencyKey: string;
    readonly reason: string;
  }): Promise<{ amount: Money }> {
    return store.transaction(async (repos) => {
      const order = await loadOrder(repos, input.orderId);
      const payment = await walletPayment(repos, input.orderId);
      if (payment === undefined || payment.transactionId !== input.debitKey) return { amount: money(0, order.total.currency) };
      const credited = await repos.wallet.append({
        customerId: order.customerId,
        kind: 'order_payment_return',
        amount: payment.amount,
        orderId: order.id,
        paymentId: payment.id,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey,
      });
      if (!credited.ok) return bug(credited.error);
      await movePayment(repos, payment, { type: 'RecordPaymentRefunds', refundedTotal: payment.amount });
      return { amount: payment.amount };
    });
  }

  /** Creates the payment at the gateway once; a retried step returns what was stored. */
  async function initiatePayment(input: CheckoutOrder & { readonly idempotencyKey: string }): Promise<InitiatedPayment> {
    return gatewaySteps.initiate(input.orderId, {
      description: describe(input.lines),
      ...(input.customer === undefined ? {} : { customer: input.customer }),
      idempotencyKey: input.idempotencyKey,
    });
  }

  /** Asks the gateway about the order's payment. Reads only; never changes state. */
  async function syncPayment(input: { readonly orderId: string }): Promise<PaymentStatusReport> {
    return gatewaySteps.sync(input.orderId);
  }

  /**
   * Verifies the payment with the gateway's own API, checks the exact amount, and binds the
   * transaction to this order in the verification ledger, then marks payment and order paid — all
   * in one transaction.
   */
  async function verifyPayment(input: { readonly orderId: string }): Promise<PaymentVerificationResult> {
    return gatewaySteps.verify(input.orderId);
  }

  async function reserveStock(input: { readonly orderId: string }): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    return store.transaction(async (repos) => {
      const order = await loadOrder(repos, input.orderId);
      return repos.stock.reserve(
        order.id,
        order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
      );
    });
  }

  /** Points for the order's subtotal, once per order. */
  async function awardPoints(input: { readonly orderId: string; readonly idempotencyKey: string }): Promise<{ points: number; awarded: boolean }> {
    return store.transaction(async (repos) => {
      const order = await loadOrder(repos, input.orderId);
      const points = pointsForSubtotal(order.subtotal, deps.earnRules);
      if (points === 0) return { points, awarded: false };
      const outcome = await repos.loyalty.append(order.customerId, { kind: 'earn', points, orderId: order.id, idempotencyKey: input.idempotencyKey });
      if (!outcome.ok) return bug(outcome.error);
      return { points, awarded: outcome.value === 'appended' };
    });
  }

  /** Confirms the order and commits its reserved stock, together. */
  async function confirmOrder(input: { readonly orderId: string }): Promise<void> {
    await store.transaction(async (repos) => {
      await repos.stock.commit(input.orderId);
      await moveOrder(repos, input.orderId, { type: 'ConfirmOrder', at: now() });
    });
  }

  /** Credits what the gateway verifiably took for this order to the shopper's wallet, once. */
  async function refundToWallet(input: {
    readonly orderId: string;
    readonly idempotencyKey: string;
    readonly reason: string;
  }): Promise<Result<{ amount: Money; credited: boolean }, WalletError | DomainError<'payments.not_completed'>>> {
    return store.transaction(async (repos) => {
      const payment = await gatewayPayment(repos, input.orderId);
      if (payment.status !== 'completed' || payment.transactionId === undefined) {
        return err(domainError('payments.not_completed', `order ${input.orderId} has no verified payment to refund`));
      }
      const verification = await repos.verifications.byTransaction(payment.gateway, payment.transactionId);
      if (verification === undefined || verification.orderId !== input.orderId) {
        return err(domainError('payments.not_completed', `order ${input.orderId} has no verified payment to refund`));
      }
      const order = await loadOrder(repos, input.orderId);
      const outcome = await repos.wallet.append({
        customerId: order.customerId,
        kind: 'refund_credit',
        amount: verification.amount,
        orderId: order.id,
        paymentId: payment.id,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey,
      });
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
      const order = await loadOrder(repos, input.orderId);
      const outcome = await repos.wallet.append({
        customerId: order.customerId,
        kind: 'refund_credit',
        amount: report.amount,
        orderId: order.id,
        paymentId: payment.id,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey,
      });
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
      await moveOrder(repos, input.orderId, { type: 'CancelOrder', at: now(), reason: input.reason });
      await repos.stock.release(input.orderId);
      const command = paymentCommandFor(input.reason) ?? { type: 'CancelPayment' as const };
      for (const payment of await repos.payments.allForOrder(input.orderId)) {
        if (payment.status === 'pending' || payment.status === 'processing') await movePayment(repos, payment, command);
      }
    });
  }

  return {
    recordOrder,
    openOrder,
    redeemPoints,
    releasePoints,
    payFromWallet,
    returnWalletPart,
    initiatePayment,
    syncPayment,
    verifyPayment,
    reserveStock,
    awardPoints,
    confirmOrder,
    approveManualPayment,
    refundToWallet,
    creditTakenToWallet,
    cancelOrder,
  };
}

export type CheckoutSteps = ReturnType<typeof makeCheckoutSteps>;

/** Carries a checkout's refusal out of the transaction it rolls back. */
class RefusedCheckout extends Error {
  constructor(readonly refusal: DomainError<'wallet.balance_changed' | 'loyalty.points_changed'>) {
    super(refusal.message);
  }
}

function describe(lines: readonly QuoteLine[]): string {
  const first = lines[0];
  if (first === undefined) return 'Order';
  const text = lines.length === 1 ? `${first.name} x${first.quantity}` : `${first.name} and ${lines.length - 1} more`;
  return text.slice(0, 100);
}
