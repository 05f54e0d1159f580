import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { makeCart } from '../../../src/checkout/application/cart.js';
import { makeStorefront, type StartCheckoutCommand } from '../../../src/checkout/application/storefront.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { FakeCheckoutSagas, queryReturnParsers } from '../../support/fakes/sagas.js';
import { aPricingTerms } from '../../support/mothers/catalog.js';
import { aCheckoutState } from '../../support/mothers/checkout-state.js';
import { npr } from '../../support/mothers/money.js';
import { PAID_AT } from '../../support/mothers/time.js';
import { errorOf, okValue } from '../../support/result.js';

const TEA = { sku: 'TEA', name: 'Ilam tea', priceMinor: 45_000, currency: 'NPR', onHand: 10 };
const MUG = { sku: 'MUG', name: 'Clay mug', priceMinor: 80_000, currency: 'NPR', onHand: 2 };
const ADDRESS = { line1: 'Durbar Marg 12', city: 'Kathmandu', postalCode: '44600', country: 'NP' };

function world(delivery: { shopCountry: string; addressRequired: boolean } = { shopCountry: 'NP', addressRequired: false }) {
  const store = new InMemoryCheckoutStore({ products: [TEA, MUG] });
  const sagas = new FakeCheckoutSagas((order) => aCheckoutState(order));
  let next = 0;
  const storefront = makeStorefront({
    store,
    sagas,
    records: { checkoutRecord: async () => ({ payments: [], refundedToWalletMinor: 0 }) },
    returnParsers: queryReturnParsers,
    clock: new FixedClock(new Date(PAID_AT)),
    newOrderId: () => `ord_${(next += 1)}`,
    returnWaitMs: 1_500,
    pricing: { NPR: aPricingTerms({ internationalDelivery: { standard: 150_000, express: 300_000, pickup: 0 } }) },
    gatewayAvailable: async () => true,
    delivery,
  });
  const cart = makeCart({ store, quote: storefront.quote, priceList: storefront.priceList, currencyOf: storefront.currencyOf });
  const start = (overrides: Partial<StartCheckoutCommand> = {}) => storefront.startCheckout({ customerId: 'cus_ram', gateway: 'khalti', ...overrides });
  return { store, sagas, storefront, cart, start };
}

describe('the cart', () => {
  it('given lines set, then it shows them priced and the quote a checkout of it would get', async () => {
    const { cart } = world();
    okValue(await cart.setLine('cus_ram', 'TEA', 2));
    const view = okValue(await cart.setLine('cus_ram', 'MUG', 1));
    expect(view.lines.map((line) => line.sku)).toEqual(['TEA', 'MUG']);
    expect(view.quote?.subtotal).toEqual(npr(170_000));
    expect(view.problems).toEqual([]);
  });

  it('refuses a SKU the catalog does not sell, leaving the cart as it was', async () => {
    const { cart } = world();
    expect(errorOf(await cart.setLine('cus_ram', 'NOPE', 1)).code).toBe('checkout.unknown_sku');
    expect((await cart.view('cus_ram')).version).toBe(0);
  });

  it('given more in the cart than the shelf holds, then the line and the cart say so, and there is no quote', async () => {
    const { cart } = world();
    const view = okValue(await cart.setLine('cus_ram', 'MUG', 5));
    expect(view.lines[0]).toMatchObject({ sku: 'MUG', problem: { code: 'inventory.insufficient_stock' } });
    expect(view.problems.map((problem) => problem.code)).toEqual(['inventory.insufficient_stock']);
    expect(view).not.toHaveProperty('quote');
  });

  it('prices the delivery for a country abroad with the international charge', async () => {
    const { cart } = world();
    okValue(await cart.setLine('cus_ram', 'TEA', 1));
    expect((await cart.view('cus_ram', { delivery: 'standard', deliveryCountry: 'IN' })).quote?.delivery).toEqual(npr(150_000));
    expect((await cart.view('cus_ram', { delivery: 'standard', deliveryCountry: 'NP' })).quote?.delivery).toEqual(npr(10_000));
  });
});

describe('startCheckout from the cart', () => {
  it('given no items named, then the cart is ordered and the saga is told which cart lines (at which revisions) it took', async () => {
    const { cart, sagas, start } = world();
    okValue(await cart.setLine('cus_ram', 'TEA', 2));
    okValue(await cart.setLine('cus_ram', 'MUG', 1));
    okValue(await start());
    const [order] = sagas.book.started;
    expect(order?.lines.map(({ sku, quantity }) => ({ sku, quantity }))).toEqual([
      { sku: 'TEA', quantity: 2 },
      { sku: 'MUG', quantity: 1 },
    ]);
    expect(order?.fromCart).toEqual([
      { sku: 'TEA', quantity: 2, revision: 1 },
      { sku: 'MUG', quantity: 1, revision: 2 },
    ]);
    // Starting a checkout does not touch the cart: only a confirmed order empties it.
    expect((await cart.view('cus_ram')).lines).toHaveLength(2);
  });

  it('given an empty cart, then it is refused with checkout.empty_cart and no saga starts', async () => {
    const { sagas, start } = world();
    expect(errorOf(await start()).code).toBe('checkout.empty_cart');
    expect(sagas.book.started).toEqual([]);
  });

  it('given named items, then the cart is left out of it', async () => {
    const { cart, sagas, start } = world();
    okValue(await cart.setLine('cus_ram', 'MUG', 1));
    okValue(await start({ items: [{ sku: 'TEA', quantity: 1 }] }));
    expect(sagas.book.started[0]).not.toHaveProperty('fromCart');
  });
});

describe('startCheckout with customer details', () => {
  it('passes the checked contact and address to the saga and prices the delivery by the address country', async () => {
    const { sagas, start } = world();
    okValue(
      await start({
        items: [{ sku: 'TEA', quantity: 1 }],
        delivery: 'standard',
        customer: { name: 'Sita', email: 'sita@example.com', phone: '+91 98765 43210' },
        deliveryAddress: { ...ADDRESS, country: 'in' },
      }),
    );
    const [order] = sagas.book.started;
    expect(order?.customer).toEqual({ name: 'Sita', email: 'sita@example.com', phone: '+919876543210' });
    expect(order?.deliveryAddress).toEqual({ ...ADDRESS, country: 'IN' });
    expect(order?.charges?.delivery).toEqual(npr(150_000));
  });

  it('refuses a malformed email or address before anything starts', async () => {
    const { sagas, start } = world();
    expect(errorOf(await start({ items: [{ sku: 'TEA', quantity: 1 }], customer: { email: 'not-an-email' } })).code).toBe('checkout.invalid_contact');
    expect(errorOf(await start({ items: [{ sku: 'TEA', quantity: 1 }], deliveryAddress: { ...ADDRESS, country: 'XX' } })).code).toBe('checkout.invalid_address');
    expect(sagas.book.started).toEqual([]);
  });

  it('given a shop that requires an address, then standard delivery without one is refused, and a pickup is not', async () => {
    const { sagas, start } = world({ shopCountry: 'NP', addressRequired: true });
    expect(errorOf(await start({ items: [{ sku: 'TEA', quantity: 1 }], delivery: 'standard' })).code).toBe('checkout.address_required');
    okValue(await start({ items: [{ sku: 'TEA', quantity: 1 }], delivery: 'pickup' }));
    expect(sagas.book.started).toHaveLength(1);
  });

  it('given a shop that does not, then standard delivery without an address is charged the domestic rate, as before', async () => {
    const { sagas, start } = world();
    okValue(await start({ items: [{ sku: 'TEA', quantity: 1 }], delivery: 'standard' }));
    expect(sagas.book.started[0]?.charges?.delivery).toEqual(npr(10_000));
    expect(sagas.book.started[0]).not.toHaveProperty('deliveryAddress');
  });
});
