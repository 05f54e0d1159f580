import { priceCart, type CartItem, type CatalogEntry } from '../domain/pricing.js';
import type { CheckoutState } from '../domain/saga.js';
import { CheckoutAlreadyStartedError, type CheckoutSagas } from '../ports/checkout-sagas.js';
import type { CheckoutStore } from '../ports/checkout-store.js';
import type { CheckoutOrder } from './checkout-steps.js';
import type { GatewayId } from '../../payments/api.js';
import type { CallbackQuery, PaymentReturnParsers } from '../../payments/ports/payment-callbacks.js';
import type { Order } from '../../orders/api.js';
import type { Clock } from '../../shared/clock.js';
import { money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

export interface StartCheckoutCommand {
  readonly customerId: string;
  readonly items: readonly CartItem[];
  readonly gateway: GatewayId;
  readonly customer?: { readonly name?: string; readonly email?: string; readonly phone?: string };
}

/** What the storefront sees of a checkout: the order from the database and the saga's live state. */
export interface CheckoutView {
  readonly orderId: string;
  readonly orderStatus: Order['status'] | 'pending_payment';
  readonly checkoutStatus: CheckoutState['status'];
  readonly gateway: string;
  readonly amount: { amountMinor: number; currency: string };
  readonly lines: readonly { sku: string; name: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number }[];
  readonly paymentAction?: CheckoutState['paymentAction'];
  readonly expiresAt?: string;
  readonly cancelReason?: string;
  readonly pointsAwarded?: number;
  readonly refundedToWallet?: { amountMinor: number; currency: string };
  readonly attention?: { code: string };
}

export interface StorefrontDeps {
  readonly store: CheckoutStore;
  readonly sagas: CheckoutSagas;
  readonly returnParsers: PaymentReturnParsers;
  readonly clock: Clock;
  readonly newOrderId: () => string;
  readonly returnWaitMs: number;
}

const notFound = (orderId: string) => domainError('checkout.not_found', `no checkout ${orderId} for this shopper`);

function view(state: CheckoutState, order: Order | undefined): CheckoutView {
  const lines = order?.lines ?? [];
  return {
    orderId: state.orderId,
    orderStatus: order?.status ?? 'pending_payment',
    checkoutStatus: state.status,
    gateway: state.gateway,
    amount: state.amount,
    lines: lines.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPriceMinor: line.unitPrice.amountMinor,
      lineTotalMinor: line.lineTotal.amountMinor,
    })),
    ...(state.paymentAction ? { paymentAction: state.paymentAction } : {}),
    ...(state.expiresAt && state.paymentAction ? { expiresAt: state.expiresAt } : {}),
    ...(state.cancelReason ? { cancelReason: state.cancelReason } : {}),
    ...(state.pointsAwarded !== undefined ? { pointsAwarded: state.pointsAwarded } : {}),
    ...(state.refundedToWallet ? { refundedToWallet: state.refundedToWallet } : {}),
    ...(state.attention ? { attention: { code: state.attention.code } } : {}),
  };
}

/** The storefront's use cases: price and start a checkout, follow it, and take the gateway's return. */
export function makeStorefront(deps: StorefrontDeps) {
  const { store, sagas } = deps;

  async function startCheckout(command: StartCheckoutCommand): Promise<Result<CheckoutView, DomainError>> {
    const skus = [...new Set(command.items.map((item) => item.sku))];
    const items = await store.read((repos) => repos.stock.items(skus));
    const catalog = new Map<string, CatalogEntry>(
      items.map((item) => [item.sku, { sku: item.sku, name: item.name, unitPrice: money(item.priceMinor, item.currency), available: item.onHand }]),
    );
    const quote = priceCart(command.items, catalog);
    if (!quote.ok) return quote;
    const order: CheckoutOrder = {
      orderId: deps.newOrderId(),
      customerId: command.customerId,
      gateway: command.gateway,
      lines: quote.value.lines,
      subtotal: quote.value.subtotal,
      total: quote.value.total,
      placedAt: deps.clock.now().toISOString(),
      ...(command.customer === undefined ? {} : { customer: command.customer }),
    };
    let state: CheckoutState;
    try {
      state = await sagas.start(order);
    } catch (error) {
      if (error instanceof CheckoutAlreadyStartedError) return err(domainError('checkout.already_started', error.message));
      throw error;
    }
    const stored = await store.read((repos) => repos.orders.byId(order.orderId));
    return ok(view(state, stored));
  }

  async function getCheckout(customerId: string, orderId: string): Promise<Result<CheckoutView, DomainError>> {
    const order = await store.read((repos) => repos.orders.byId(orderId));
    // Another shopper's order is answered exactly like a missing one.
    if (order === undefined || order.customerId !== customerId) return err(notFound(orderId));
    const state = await sagas.state(orderId);
    if (state === undefined) return err(notFound(orderId));
    return ok(view(state, order));
  }

  /**
   * The shopper's browser came back from the gateway. The return proves nothing: it tells the saga
   * to ask the gateway now, then waits briefly for the verified outcome.
   */
  async function paymentReturned(gateway: GatewayId, query: CallbackQuery): Promise<Result<CheckoutView, DomainError>> {
    const callback = deps.returnParsers.parse(gateway, query);
    if (!callback.ok) return callback;
    const payment = await store.read((repos) => repos.payments.byGatewayPaymentId(gateway, callback.value.gatewayPaymentId));
    if (payment === undefined) {
      return err(domainError('payments.unknown_payment', `no ${gateway} payment ${callback.value.gatewayPaymentId}`));
    }
    await sagas.reportCallback(payment.orderId, {
      gateway,
      gatewayPaymentId: callback.value.gatewayPaymentId,
      claimedStatus: callback.value.claimedStatus,
      receivedAt: deps.clock.now().toISOString(),
    });
    const state = await sagas.awaitOutcome(payment.orderId, deps.returnWaitMs);
    const order = await store.read((repos) => repos.orders.byId(payment.orderId));
    return ok(view(state, order));
  }

  return { startCheckout, getCheckout, paymentReturned };
}

export type Storefront = ReturnType<typeof makeStorefront>;
