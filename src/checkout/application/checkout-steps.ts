import { placeOrder, type OrderCharges } from '../../orders/api.js';
import {
  makeGatewayPaymentSteps,
  type GatewayId,
  type InitiatedPayment,
  type PaymentGateways,
  type PaymentStatusReport,
  type PaymentVerificationResult,
} from '../../payments/api.js';
import type { StockError, StockLine } from '../../inventory/api.js';
import { pointsForSubtotal, type LoyaltyError } from '../../loyalty/api.js';
import type { WalletError } from '../../wallet/api.js';
import { money, type Money } from '../../shared/money.js';
import { bankReference, isManualMethod, splitPayment, type ManualMethod } from '../domain/saga.js';
import { tell } from '../../notifications/api.js';
import { tellAttention, tellLowStock } from './checkout-notices.js';
import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { QuoteLine } from '../domain/pricing.js';
import type { TakenLines } from '../domain/cart.js';
import type { Contact, DeliveryAddress } from '../../shared/customer-details.js';
import type { CheckoutRepositories, CheckoutStore } from '../ports/checkout-store.js';
import type { SavedPaymentMethods } from '../ports/saved-payment-methods.js';
import { bug, checkoutRecords } from './checkout-records.js';
import { makeSettlementSteps } from './checkout-settlement.js';
import { unitOfWorkOver } from '../../shared/unit-of-work.js';

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
  /** The shopper's contact: stored with the order and passed on to the gateway. */
  readonly customer?: Contact;
  /** Where the order goes, checked (`checkCustomerDetails`); absent for a pickup or a request without one. */
  readonly deliveryAddress?: DeliveryAddress;
  /** The cart lines (at their revisions) this checkout was started from; absent when it named its items. */
  readonly fromCart?: TakenLines;
  /** A saved method charged off-session instead of the gateway's hosted page (its ids only). */
  readonly savedMethod?: { readonly savedMethodId: string; readonly gatewayCustomerId: string; readonly gatewayMethodId: string };
  /** Keep the method paid with on the hosted page, under the shopper's customer at the gateway. */
  readonly saveFor?: { readonly gatewayCustomerId: string };
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
  /** Keeps the method of a hosted-page payment the shopper asked to save (`saveFor`). */
  readonly savedMethods?: Pick<SavedPaymentMethods, 'rememberMethodOf' | 'recordPaidWith'>;
}

/**
 * The use cases behind each step of the checkout saga. Each is idempotent: the saga's activities
 * may run any of them more than once (retries, replays) and the outcome is the same as once.
 */
export function makeCheckoutSteps(deps: CheckoutStepsDeps) {
  const { store, gateways, clock } = deps;
  const now = () => clock.now().toISOString();

  const records = checkoutRecords(now);
  const { loadOrder, walletPayment, gatewayPayment, movePayment, moveOrder, orderPayments } = records;

  const gatewaySteps = makeGatewayPaymentSteps({ ...deps, store: unitOfWorkOver(store, orderPayments) });

  /** A step that also runs inside a larger transaction, run on its own in a transaction of its own. */
  const inOwnTransaction =
    <I, O>(step: (repos: CheckoutRepositories, input: I) => Promise<O>) =>
    (input: I): Promise<O> =>
      store.transaction((repos) => step(repos, input));

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
        ...(input.customer === undefined ? {} : { contact: input.customer }),
        ...(input.deliveryAddress === undefined ? {} : { deliveryAddress: input.deliveryAddress }),
      }),
    );
    if (input.fromCart !== undefined && input.fromCart.length > 0) await repos.carts.recordTaken(input.orderId, input.customerId, input.fromCart);
    const parts = paymentParts(input);
    if (parts.wallet.amountMinor > 0) {
      await repos.payments.save({ id: deps.newPaymentId(), orderId: input.orderId, gateway: 'wallet', amount: parts.wallet, status: 'pending' });
    }
    if (parts.gateway.amountMinor > 0) {
      await repos.payments.save({ id: deps.newPaymentId(), orderId: input.orderId, gateway: input.gateway, amount: parts.gateway, status: 'pending' });
      if (isManualMethod(input.gateway)) {
        const event = {
          type: 'manual_payment_instructions',
          orderId: input.orderId,
          customerId: input.customerId,
          total: parts.gateway,
          method: input.gateway,
          reference: bankReference(input.orderId),
        } as const;
        await tell(repos.notifications, event, input.customer);
      }
    }
  }

  /** Spends the points the quote redeemed, once. Refused when the shopper no longer has them. */
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
   * Opens the checkout in one transaction: stores the order and its payment parts, holds its stock
   * (with `holdStock`: every line or none, until the saga commits or releases it), spends the
   * redeemed points and debits the wallet part. When the units, the balance or the points are no
   * longer there (another checkout took them since the quote), nothing is kept — no order, no
   * hold, no entry — and the refusal says which: `inventory.out_of_stock`,
   * `wallet.balance_changed` or `loyalty.points_changed`. A second call finds the order and does
   * nothing.
   */
  async function openOrder(
    input: CheckoutOrder & { readonly redeemKey: string; readonly debitKey: string; readonly holdStock?: boolean },
  ): Promise<Result<{ readonly pointsRedeemed: number; readonly walletPaid: Money }, DomainError<CheckoutRefusal>>> {
    const { redeemKey, debitKey, holdStock, ...order } = input;
    try {
      return await store.transaction(async (repos) => {
        const parts = paymentParts(order);
        if ((await repos.orders.byId(order.orderId)) !== undefined) return ok({ pointsRedeemed: order.charges?.pointsRedeemed ?? 0, walletPaid: parts.wallet });
        await recordOrderIn(repos, order);
        if (holdStock === true) {
          // First, so that a checkout that cannot have its units spends nothing; locks in SKU order.
          const held = await repos.stock.reserve(order.orderId, stockLines(order.lines));
          if (!held.ok) throw new RefusedCheckout(domainError('inventory.out_of_stock', held.error.message, held.error.details));
        }
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
      ...(input.savedMethod === undefined ? {} : { savedMethod: { gatewayCustomerId: input.savedMethod.gatewayCustomerId, gatewayMethodId: input.savedMethod.gatewayMethodId } }),
      ...(input.saveFor === undefined ? {} : { saveFor: input.saveFor }),
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
  async function verifyPayment(input: { readonly orderId: string; readonly rememberMethod?: boolean }): Promise<PaymentVerificationResult> {
    const verified = await gatewaySteps.verify(input.orderId);
    const saved = deps.savedMethods;
    if (!verified.ok || saved === undefined || (verified.value.paidWith === undefined && input.rememberMethod !== true)) return verified;
    const { payment, customerId } = await store.read(async (repos) => ({
      payment: await gatewayPayment(repos, input.orderId),
      customerId: (await loadOrder(repos, input.orderId)).customerId,
    }));
    if (verified.value.paidWith !== undefined) await saved.recordPaidWith(payment.id, verified.value.paidWith);
    if (input.rememberMethod === true && payment.gatewayPaymentId !== undefined) {
      // Keeping the card is a convenience: a gateway that cannot tell now leaves it unsaved, the payment stands.
      await saved.rememberMethodOf(customerId, payment.gateway as GatewayId, payment.gatewayPaymentId).catch(() => undefined);
    }
    return verified;
  }

  async function reserveStock(input: { readonly orderId: string }): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    return store.transaction(async (repos) => {
      const order = await loadOrder(repos, input.orderId);
      return repos.stock.reserve(order.id, stockLines(order.lines));
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
      if (outcome.value === 'appended') await tell(repos.notifications, { type: 'points_earned', orderId: order.id, customerId: order.customerId, points }, order.contact);
      return { points, awarded: outcome.value === 'appended' };
    });
  }

  /**
   * Confirms the order, commits its reserved stock and takes the lines it was bought from out of
   * the shopper's cart, together: a cart is emptied only by a confirmed order, and only of the
   * lines (at the revisions) that order took. Lines added or changed since stay.
   */
  async function confirmOrder(input: { readonly orderId: string }): Promise<void> {
    await store.transaction(async (repos) => {
      await repos.stock.commit(input.orderId);
      await moveOrder(repos, input.orderId, { type: 'ConfirmOrder', at: now() });
      await repos.carts.clearTaken(input.orderId);
      const order = await loadOrder(repos, input.orderId);
      const lines = order.lines.map((line) => ({ name: line.name, quantity: line.quantity, lineTotal: line.lineTotal }));
      await tell(
        repos.notifications,
        { type: 'order_confirmed', orderId: order.id, customerId: order.customerId, total: order.total, lines, paidWith: order.gateway },
        order.contact,
      );
      await tellLowStock(repos, order);
    });
  }

  /** Tells staff that the order's saga parked for a person to decide, once per reason. */
  const noteAttention = (input: { readonly orderId: string; readonly code: string; readonly message: string }) =>
    store.transaction((repos) => tellAttention(repos, loadOrder, input));

  const settlement = makeSettlementSteps({ store, gateways, now, records });

  return {
    recordOrder,
    openOrder,
    redeemPoints: inOwnTransaction(redeemPointsIn),
    releasePoints,
    payFromWallet: inOwnTransaction(payFromWalletIn),
    returnWalletPart,
    initiatePayment,
    syncPayment,
    verifyPayment,
    reserveStock,
    awardPoints,
    confirmOrder,
    noteAttention,
    ...settlement,
  };
}

export type CheckoutSteps = ReturnType<typeof makeCheckoutSteps>;

/** Why a checkout can be refused as it opens, with nothing kept. */
export type CheckoutRefusal = 'inventory.out_of_stock' | 'wallet.balance_changed' | 'loyalty.points_changed';

/** Carries a checkout's refusal out of the transaction it rolls back. */
class RefusedCheckout extends Error {
  constructor(readonly refusal: DomainError<CheckoutRefusal>) {
    super(refusal.message);
  }
}

const stockLines = (lines: readonly { readonly sku: string; readonly quantity: number }[]): StockLine[] => lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));

function describe(lines: readonly QuoteLine[]): string {
  const first = lines[0];
  if (first === undefined) return 'Order';
  const text = lines.length === 1 ? `${first.name} x${first.quantity}` : `${first.name} and ${lines.length - 1} more`;
  return text.slice(0, 100);
}
