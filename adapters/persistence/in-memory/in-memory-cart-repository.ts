import { afterOrderConfirmed, clearCart, emptyCart, removeCartLine, setCartLine, type Cart, type CartError, type TakenLines } from '../../../src/checkout/domain/cart.js';
import type { CartRepository } from '../../../src/checkout/ports/cart-repository.js';
import { ok, type Result } from '../../../src/shared/result.js';
import { requireOrder } from './in-memory-constraints.js';
import { copyOf, type PersistenceState, type StateAccess } from './in-memory-state.js';

/** Carts as `carts` and `cart_lines` hold them; each change is one write, so changes apply one at a time. */
export class InMemoryCartRepository implements CartRepository {
  constructor(private readonly access: StateAccess) {}

  byCustomer(customerId: string): Promise<Cart> {
    return this.access.read((state) => copyOf(state.carts.get(customerId) ?? emptyCart(customerId)));
  }

  setLine(customerId: string, sku: string, quantity: number): Promise<Result<Cart, CartError>> {
    return this.access.write((state) => change(state, customerId, (cart) => setCartLine(cart, sku, quantity)));
  }

  removeLine(customerId: string, sku: string): Promise<Cart> {
    return this.access.write((state) => store(state, removeCartLine(cartOf(state, customerId), sku)));
  }

  clear(customerId: string): Promise<Cart> {
    return this.access.write((state) => store(state, clearCart(cartOf(state, customerId))));
  }

  recordTaken(orderId: string, customerId: string, lines: TakenLines): Promise<void> {
    return this.access.write((state) => {
      if (state.orderCartLines.has(orderId)) return;
      requireOrder(state, orderId, 'order_cart_lines_order_id_fkey');
      state.orderCartLines.set(orderId, copyOf({ customerId, lines: [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)) }));
    });
  }

  takenBy(orderId: string): Promise<TakenLines> {
    return this.access.read((state) => copyOf(state.orderCartLines.get(orderId)?.lines ?? []));
  }

  clearTaken(orderId: string): Promise<Cart | undefined> {
    return this.access.write((state) => {
      const taken = state.orderCartLines.get(orderId);
      if (taken === undefined) return undefined;
      return store(state, afterOrderConfirmed(cartOf(state, taken.customerId), taken.lines));
    });
  }
}

const cartOf = (state: PersistenceState, customerId: string): Cart => state.carts.get(customerId) ?? emptyCart(customerId);

function store(state: PersistenceState, cart: Cart): Cart {
  state.carts.set(cart.customerId, copyOf(cart));
  return copyOf(cart);
}

function change<E>(state: PersistenceState, customerId: string, decide: (cart: Cart) => Result<Cart, E>): Result<Cart, E> {
  const decided = decide(cartOf(state, customerId));
  return decided.ok ? ok(store(state, decided.value)) : decided;
}
