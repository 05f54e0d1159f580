import { itemsOf, type TakenLines } from '../domain/cart.js';
import { chooseCurrency, priceListIn } from '../domain/currency.js';
import { checkCustomerDetails, type CustomerDetailsInput } from '../domain/customer-details.js';
import { zoneOf } from '../domain/delivery-zones.js';
import type { CartItem, CatalogEntry } from '../domain/pricing.js';
import { quoteCheckout, type CheckoutQuote, type DeliveryOption, type PricingTerms } from '../domain/quote.js';
import { isManualMethod, type CheckoutState } from '../domain/saga.js';
import { CheckoutAlreadyStartedError, type CheckoutSagas } from '../ports/checkout-sagas.js';
import type { CheckoutStore } from '../ports/checkout-store.js';
import type { StorefrontQueries } from '../ports/storefront-queries.js';
import type { CheckoutOrder, PaymentMethod } from './checkout-steps.js';
import { CLOSED_STATUS, NOT_MOVED, recordedView, view, type CheckoutView } from './checkout-view.js';

export type { CheckoutView };
import { requireAcceptedCurrency, type AcceptedCurrencies, type GatewayId } from '../../payments/api.js';
import type { CallbackQuery, PaymentReturnParsers } from '../../payments/api.js';
import type { LatePayments } from '../../payments/api.js';
import { fulfilmentOf, type Fulfilment, type Order } from '../../orders/api.js';
import type { Contact } from '../../shared/customer-details.js';
import type { Clock } from '../../shared/clock.js';
import type { SavedPaymentMethods } from '../ports/saved-payment-methods.js';
import { money, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

export interface StartCheckoutCommand {
  readonly customerId: string;
  /** What to buy; absent: everything in the shopper's cart (`checkout.empty_cart` when it is empty). */
  readonly items?: readonly CartItem[];
  /** The currency to price the cart in; default the shop's first. */
  readonly currency?: string;
  /** A gateway, or `wallet` to pay it all from the wallet. */
  readonly gateway: PaymentMethod;
  readonly delivery?: DeliveryOption;
  readonly pointsToRedeem?: number;
  /** With a gateway: pay this much from the wallet first (minor units), the gateway the rest. */
  readonly walletAmountMinor?: number;
  readonly customer?: Contact;
  /** Where to deliver, as sent; checked by `checkCustomerDetails`, and its country prices the delivery. */
  readonly deliveryAddress?: CustomerDetailsInput['address'];
  /**
   * The order's id, when the caller may run the same request again (an Idempotency-Key taken over
   * after a crash): a second run then answers the checkout the first one started instead of
   * starting another. Otherwise a fresh id.
   */
  readonly orderId?: string;
  /** One of the shopper's saved methods (`GET /me/payment-methods`), charged off-session: no hosted page. */
  readonly paymentMethodId?: string;
  /** Keep the method the shopper pays with on the gateway's hosted page, for next time. */
  readonly savePaymentMethod?: boolean;
}

export interface StorefrontDeps {
  readonly store: CheckoutStore;
  readonly sagas: CheckoutSagas;
  /** The database's record of a checkout, for sagas the engine's retention has removed. */
  readonly records: Pick<StorefrontQueries, 'checkoutRecord'>;
  readonly returnParsers: PaymentReturnParsers;
  readonly clock: Clock;
  readonly newOrderId: () => string;
  readonly returnWaitMs: number;
  /**
   * Whether one more browser return for this gateway payment may drive its saga (a gateway
   * lookup, a message in its history); when not, the return is answered from the saga's state.
   * Absent: every return may.
   */
  readonly returnBudget?: (paymentKey: string) => boolean;
  /** Pricing terms per currency the shop sells in, the first the default. */
  readonly pricing: Readonly<Record<string, PricingTerms>>;
  /** The currencies a gateway takes; absent: every gateway takes every currency. */
  readonly acceptedCurrencies?: (gateway: GatewayId) => AcceptedCurrencies;
  /** Late payments: money that arrives for a checkout that gave up on it. */
  readonly latePayments?: LatePayments;
  /** Whether new checkouts may use a gateway (configured, and not switched off). */
  readonly gatewayAvailable: (gateway: GatewayId) => Promise<boolean>;
  /** The shoppers' saved payment methods; absent: a checkout naming one is refused. */
  readonly savedMethods?: SavedPaymentMethods;
  /**
   * Deliveries: the shop's country (ISO 3166-1 alpha-2), which makes an address domestic or
   * international, and whether `standard`/`express` need an address. Absent: every delivery is
   * domestic and none needs one.
   */
  readonly delivery?: { readonly shopCountry: string; readonly addressRequired: boolean };
}

const notFound = (orderId: string) => domainError('checkout.not_found', `no checkout ${orderId} for this shopper`);

/** The storefront's use cases: price and start a checkout, follow it, and take the gateway's return. */
export function makeStorefront(deps: StorefrontDeps) {
  const { store, sagas } = deps;

  /**
   * The catalog of `skus` as `currency`'s price list (see `priceListIn`): each product's price in it
   * and the units still available. A SKU of `refused` without a price in it refuses the list as not
   * sold in that currency; any other is left out.
   */
  async function priceList(currency: string, skus: readonly string[], refused: readonly string[] = skus): Promise<Result<Map<string, CatalogEntry>, DomainError>> {
    const products = await store.read((repos) => repos.catalog.bySkus(skus));
    return priceListIn(
      currency,
      products.map((product) => ({ sku: product.sku, name: product.name, prices: product.prices, available: product.onHand - product.reserved })),
      refused,
    );
  }

  /** The currency a request names, or the shop's first; refused when the shop does not sell in it. */
  const currencyOf = (requested: string | undefined) => chooseCurrency(requested, Object.keys(deps.pricing));

  /** Prices a cart for a shopper, as a checkout would, without starting anything. */
  async function quote(
    command: Omit<StartCheckoutCommand, 'gateway' | 'walletAmountMinor' | 'customer' | 'items' | 'deliveryAddress'> & {
      readonly items: readonly CartItem[];
      /** The delivery address's country: a delivery abroad costs the international charge. */
      readonly deliveryCountry?: string;
    },
  ): Promise<Result<CheckoutQuote, DomainError>> {
    const chosen = currencyOf(command.currency);
    if (!chosen.ok) return chosen;
    const currency = chosen.value;
    const terms = deps.pricing[currency];
    if (terms === undefined) return err(domainError('checkout.unsupported_currency', `the shop has no pricing terms for ${currency}`));
    const catalog = await priceList(currency, [...new Set(command.items.map((item) => item.sku))]);
    if (!catalog.ok) return catalog;
    const pointsToRedeem = command.pointsToRedeem ?? 0;
    const pointsAvailable = pointsToRedeem > 0 ? await store.read((repos) => repos.loyalty.balance(command.customerId)) : 0;
    const deliveryZone = deps.delivery === undefined ? 'domestic' : zoneOf(command.deliveryCountry, deps.delivery.shopCountry);
    return quoteCheckout({ items: command.items, delivery: command.delivery ?? 'pickup', deliveryZone, pointsToRedeem, pointsAvailable }, catalog.value, terms);
  }

  /** The checkout an earlier run of the same request started, if it got that far. */
  async function startedEarlier(customerId: string, orderId: string): Promise<CheckoutView | undefined> {
    const [state, order] = await Promise.all([sagas.state(orderId), store.read((repos) => repos.orders.byId(orderId))]);
    if (state !== undefined) return state.customerId === customerId ? view(state, order) : undefined;
    return order !== undefined && order.customerId === customerId ? recorded(order) : undefined;
  }

  /**
   * The saved method a checkout pays with, or the gateway customer a method paid on the hosted
   * page is kept under; refused before anything is created when the method is not the shopper's,
   * belongs to another gateway, or the gateway keeps no methods.
   */
  async function paymentMethodOf(command: StartCheckoutCommand): Promise<Result<Pick<CheckoutOrder, 'savedMethod' | 'saveFor'>, DomainError>> {
    if (command.paymentMethodId === undefined && command.savePaymentMethod !== true) return ok({});
    const unsupported = () => err(domainError('payments.saved_methods_unsupported', `${command.gateway} keeps no saved payment methods here`, { gateway: command.gateway }));
    if (deps.savedMethods === undefined || command.gateway === 'wallet' || isManualMethod(command.gateway)) return unsupported();
    if (command.paymentMethodId !== undefined) {
      if (command.savePaymentMethod === true)
        return err(domainError('checkout.invalid_payment_method', 'a saved method is saved already: send paymentMethodId or savePaymentMethod, not both'));
      const method = await deps.savedMethods.methodToPay(command.customerId, command.paymentMethodId);
      if (!method.ok) return method;
      if (method.value.gateway !== command.gateway) {
        return err(domainError('checkout.invalid_payment_method', `payment method ${command.paymentMethodId} is kept at ${method.value.gateway}, not ${command.gateway}`));
      }
      const { savedMethodId, gatewayCustomerId, gatewayMethodId } = method.value;
      return ok({ savedMethod: { savedMethodId, gatewayCustomerId, gatewayMethodId } });
    }
    const customer = await deps.savedMethods.gatewayCustomerFor(command.customerId, command.gateway);
    return customer.ok ? ok({ saveFor: { gatewayCustomerId: customer.value.gatewayCustomerId } }) : customer;
  }

  async function startCheckout(command: StartCheckoutCommand): Promise<Result<CheckoutView, DomainError>> {
    if (command.orderId !== undefined) {
      const earlier = await startedEarlier(command.customerId, command.orderId);
      if (earlier !== undefined) return ok(earlier);
    }
    if (command.gateway !== 'wallet' && !isManualMethod(command.gateway) && !(await deps.gatewayAvailable(command.gateway))) {
      return err(domainError('payments.gateway_unavailable', `${command.gateway} is not available for new checkouts`, { gateway: command.gateway }));
    }
    // A currency the gateway does not take is refused here, before any order or saga exists.
    const chosen = currencyOf(command.currency);
    if (!chosen.ok) return chosen;
    if (command.gateway !== 'wallet' && !isManualMethod(command.gateway) && deps.acceptedCurrencies !== undefined) {
      const accepted = requireAcceptedCurrency('checkout.currency_not_accepted', command.gateway, deps.acceptedCurrencies(command.gateway), chosen.value);
      if (!accepted.ok) return accepted;
    }
    const methods = await paymentMethodOf(command);
    if (!methods.ok) return methods;
    const delivery = command.delivery ?? 'pickup';
    const details = checkCustomerDetails(
      {
        ...(command.customer === undefined ? {} : { contact: command.customer }),
        ...(command.deliveryAddress === undefined ? {} : { address: command.deliveryAddress }),
        delivery,
      },
      { addressRequired: deps.delivery?.addressRequired ?? false },
    );
    if (!details.ok) return details;
    const { contact, address } = details.value;
    let items = command.items;
    let fromCart: TakenLines | undefined;
    if (items === undefined) {
      const cart = await store.read((repos) => repos.carts.byCustomer(command.customerId));
      if (cart.lines.length === 0) return err(domainError('checkout.empty_cart', 'the cart has no items: add some with PUT /cart/lines/{sku}, or name the items'));
      items = itemsOf(cart);
      fromCart = cart.lines;
    }
    const priced = await quote({ ...command, currency: chosen.value, items, ...(address === undefined ? {} : { deliveryCountry: address.country }) });
    if (!priced.ok) return priced;
    const q = priced.value;
    const currency = q.total.currency;
    let walletAmount: Money | undefined;
    if (command.gateway === 'wallet' || (command.walletAmountMinor ?? 0) > 0) {
      const wanted = command.gateway === 'wallet' ? q.total.amountMinor : command.walletAmountMinor!;
      if (command.gateway !== 'wallet' && wanted >= q.total.amountMinor) {
        return err(domainError('checkout.invalid_split', 'the wallet part must be less than the total; pay with gateway "wallet" to use the wallet alone'));
      }
      const balance = await store.read((repos) => repos.wallet.balance(command.customerId, currency));
      if (balance.amountMinor < wanted) {
        return err(
          domainError('wallet.insufficient_funds', `the wallet holds ${balance.amountMinor} but ${wanted} was asked`, {
            balanceMinor: balance.amountMinor,
            requestedMinor: wanted,
          }),
        );
      }
      if (command.gateway !== 'wallet') walletAmount = money(wanted, currency);
    }
    const order: CheckoutOrder = {
      orderId: command.orderId ?? deps.newOrderId(),
      customerId: command.customerId,
      gateway: command.gateway,
      lines: q.lines,
      subtotal: q.subtotal,
      total: q.total,
      ...(walletAmount === undefined ? {} : { walletAmount }),
      charges: { discount: q.discount, tax: q.tax, delivery: q.delivery, deliveryOption: q.deliveryOption, pointsRedeemed: q.pointsRedeemed },
      placedAt: deps.clock.now().toISOString(),
      ...(contact === undefined ? {} : { customer: contact }),
      ...(address === undefined ? {} : { deliveryAddress: address }),
      ...(fromCart === undefined ? {} : { fromCart }),
      ...methods.value,
    };
    let state: CheckoutState;
    try {
      state = await sagas.start(order);
    } catch (error) {
      if (error instanceof CheckoutAlreadyStartedError) {
        // The earlier run started it between our look and our start.
        const earlier = command.orderId === undefined ? undefined : await startedEarlier(command.customerId, command.orderId);
        if (earlier !== undefined) return ok(earlier);
        return err(domainError('checkout.already_started', error.message));
      }
      throw error;
    }
    // The balance or the points went to another checkout since the quote: nothing was kept.
    if (state.refusal !== undefined) return err(domainError(state.refusal.code, state.refusal.message, { orderId: order.orderId }));
    const stored = await store.read((repos) => repos.orders.byId(order.orderId));
    return ok(view(state, stored));
  }

  async function getCheckout(customerId: string, orderId: string): Promise<Result<CheckoutView, DomainError>> {
    const [order, history] = await store.read((repos) => Promise.all([repos.orders.byId(orderId), repos.fulfilments.history(orderId)]));
    // Another shopper's order is answered exactly like a missing one.
    if (order === undefined || order.customerId !== customerId) return err(notFound(orderId));
    const fulfilment = fulfilmentOf(history);
    let state: CheckoutState | undefined;
    try {
      state = await sagas.state(orderId);
    } catch (error) {
      // An order the saga has finished is answered from the database even when the engine is not.
      if (CLOSED_STATUS[order.status] === undefined) throw error;
    }
    return ok(state === undefined ? await recorded(order, fulfilment) : view(state, order, fulfilment));
  }

  async function recorded(order: Order, fulfilment: Fulfilment = NOT_MOVED): Promise<CheckoutView> {
    return recordedView(order, await deps.records.checkoutRecord(order.id), fulfilment);
  }

  /**
   * The shopper's browser came back from the gateway. The return proves nothing: it tells the saga
   * to ask the gateway now, then waits briefly for the verified outcome.
   */
  async function paymentReturned(gateway: GatewayId, query: CallbackQuery): Promise<Result<CheckoutView, DomainError>> {
    const callback = deps.returnParsers.parse(gateway, query);
    if (!callback.ok) return callback;
    const hint = callback.value;
    const payment = await store.read(async (repos) =>
      hint.gatewayPaymentId !== undefined
        ? repos.payments.byGatewayPaymentId(gateway, hint.gatewayPaymentId)
        : // Only our order is named: its payment through this gateway, if it has one.
          (await repos.payments.allForOrder(hint.claimedOrderId)).find((p) => p.gateway === gateway && p.gatewayPaymentId !== undefined),
    );
    if (payment === undefined || payment.gatewayPaymentId === undefined) {
      return err(domainError('payments.unknown_payment', `no ${gateway} payment ${hint.gatewayPaymentId ?? `for order ${hint.claimedOrderId}`}`));
    }
    const receivedAt = deps.clock.now().toISOString();
    // A repeat beyond the payment's budget (a reload loop, or someone replaying the URL) is
    // answered from the saga as it is: no gateway lookup, nothing added to its history.
    const drives = deps.returnBudget?.(`${gateway}:${payment.gatewayPaymentId}`) ?? true;
    const state = drives
      ? await sagas.awaitOutcome(payment.orderId, deps.returnWaitMs, {
          gateway,
          gatewayPaymentId: payment.gatewayPaymentId,
          claimedStatus: hint.claimedStatus,
          receivedAt,
        })
      : await sagas.state(payment.orderId);
    // A return for a payment its checkout gave up on (expired, cancelled): its own saga finds out
    // what was taken and credits it. A no-op for any other payment.
    await deps.latePayments?.report({ gateway, gatewayPaymentId: payment.gatewayPaymentId, source: 'return', receivedAt });
    const [order, history] = await store.read((repos) => Promise.all([repos.orders.byId(payment.orderId), repos.fulfilments.history(payment.orderId)]));
    const fulfilment = fulfilmentOf(history);
    if (state !== undefined) return ok(view(state, order, fulfilment));
    // The saga is gone (retention): the payment's order, as the database recorded it.
    if (order === undefined) return err(notFound(payment.orderId));
    return ok(await recorded(order, fulfilment));
  }

  return { quote, priceList, currencyOf, startCheckout, getCheckout, paymentReturned };
}

export type Storefront = ReturnType<typeof makeStorefront>;
