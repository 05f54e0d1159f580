import { itemsOf, reviewCartLines, type Cart, type ReviewedCartLine } from '../domain/cart.js';
import type { CheckoutQuote, DeliveryOption } from '../domain/quote.js';
import type { CheckoutStore } from '../ports/checkout-store.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { Storefront } from './storefront.js';

/**
 * A shopper's cart as they see it: every line priced from the catalog now, with a problem on each
 * line that cannot be bought as it is, and the quote a checkout of the whole cart would get — or,
 * when there is none, the problem that stops it.
 */
export interface CartView {
  readonly version: number;
  readonly lines: readonly ReviewedCartLine[];
  readonly quote?: CheckoutQuote;
  /** What stops a checkout of the cart as it is (an unknown SKU, short stock, an empty cart). */
  readonly problems: readonly DomainError[];
}

export interface CartDeps {
  readonly store: CheckoutStore;
  /** The storefront's quote, so a cart is priced exactly as its checkout would be, and its price list and currency choice. */
  readonly quote: Storefront['quote'];
  readonly priceList: Storefront['priceList'];
  readonly currencyOf: Storefront['currencyOf'];
}

export interface CartPricing {
  /** The currency to price the cart in; default the shop's first. */
  readonly currency?: string;
  readonly delivery?: DeliveryOption;
  /** The delivery address's country, for the delivery zone. */
  readonly deliveryCountry?: string;
}

/** The shopper's cart: look at it, set or remove a line, empty it. Each change answers the cart after it. */
export function makeCart(deps: CartDeps) {
  const { store } = deps;

  async function present(cart: Cart, pricing: CartPricing = {}): Promise<CartView> {
    if (cart.lines.length === 0) {
      return { version: cart.version, lines: [], problems: [domainError('checkout.empty_cart', 'the cart has no items')] };
    }
    const currency = deps.currencyOf(pricing.currency);
    if (!currency.ok) return { version: cart.version, lines: reviewCartLines(cart, new Map()), problems: [currency.error] };
    // Every line priced in the currency; one without a price in it shows as not sold, line by line.
    const catalog = await deps.priceList(
      currency.value,
      cart.lines.map((line) => line.sku),
      [],
    );
    const lines = reviewCartLines(cart, catalog.ok ? catalog.value : new Map());
    const quoted = await deps.quote({ customerId: cart.customerId, items: itemsOf(cart), ...pricing, currency: currency.value });
    return quoted.ok ? { version: cart.version, lines, quote: quoted.value, problems: [] } : { version: cart.version, lines, problems: [quoted.error] };
  }

  async function view(customerId: string, pricing: CartPricing = {}): Promise<CartView> {
    return present(await store.read((repos) => repos.carts.byCustomer(customerId)), pricing);
  }

  /** Sets the quantity of a SKU the catalog sells; `checkout.unknown_sku` for one it does not. */
  async function setLine(customerId: string, sku: string, quantity: number): Promise<Result<CartView, DomainError>> {
    const [product] = await store.read((repos) => repos.stock.items([sku]));
    if (product === undefined) return err(domainError('checkout.unknown_sku', `unknown SKU: ${sku}`, { skus: [sku] }));
    const changed = await store.transaction((repos) => repos.carts.setLine(customerId, sku, quantity));
    if (!changed.ok) return changed;
    return ok(await present(changed.value));
  }

  async function removeLine(customerId: string, sku: string): Promise<CartView> {
    return present(await store.transaction((repos) => repos.carts.removeLine(customerId, sku)));
  }

  async function clear(customerId: string): Promise<CartView> {
    return present(await store.transaction((repos) => repos.carts.clear(customerId)));
  }

  return { view, setLine, removeLine, clear };
}

export type ShopperCart = ReturnType<typeof makeCart>;
