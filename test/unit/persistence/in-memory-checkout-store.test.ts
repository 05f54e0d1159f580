import { describe, expect, it } from 'vitest';
import { ConstraintViolationError, InMemoryCheckoutStore, TransactionAbortedError } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import type { CheckoutRepositories } from '../../../src/checkout/ports/checkout-store.js';
import type { Order, OrderLine } from '../../../src/orders/api.js';
import { persistenceContracts } from '../../contracts/persistence-contracts.js';
import { given, onHand, type PersistenceSubject } from '../../contracts/store-under-test.js';
import { aProduct, line } from '../../support/mothers/catalog.js';
import { npr } from '../../support/mothers/money.js';
import { anOrder } from '../../support/mothers/order.js';
import { aWalletCredit } from '../../support/mothers/wallet-entry.js';

const subject: PersistenceSubject = {
  name: 'InMemoryCheckoutStore',
  async open() {
    const store = new InMemoryCheckoutStore();
    return {
      store,
      seedCatalog: async (products) => {
        await store.seedCatalog(products);
      },
    };
  },
};

persistenceContracts(subject);

// Where the twin must differ from PostgreSQL because PostgreSQL would block or stay silent.
describe('InMemoryCheckoutStore, beyond the contracts', () => {
  it('given products passed to the constructor, when items are asked for, then they are on the shelf', async () => {
    const tea = aProduct({ onHand: 4 });
    const store = new InMemoryCheckoutStore({ products: [tea] });

    expect(await store.read(({ stock }) => stock.items([tea.sku]))).toStrictEqual([{ sku: tea.sku, name: tea.name, onHand: 4 }]);
    expect((await store.read(({ catalog }) => catalog.bySku(tea.sku)))?.prices).toStrictEqual({ NPR: tea.priceMinor });
  });

  it('given products with negative units, price or low-stock threshold, when seeded, then they are refused like the CHECK constraints refuse them', async () => {
    const store = new InMemoryCheckoutStore();

    await expect(store.seedCatalog([aProduct({ onHand: -1 })])).rejects.toThrow('products_on_hand_check');
    await expect(store.seedCatalog([aProduct({ priceMinor: -1 })])).rejects.toThrow('product_prices_price_minor_check');
    await expect(store.seedCatalog([{ ...aProduct(), lowStockThreshold: -1 }])).rejects.toThrow('products_low_stock_threshold_check');
  });

  it('given products seeded with their own low-stock thresholds, when low stock is asked for, then each is measured against its own', async () => {
    const tea = { ...aProduct({ onHand: 20 }), lowStockThreshold: 20 };
    const mug = { ...aProduct({ onHand: 6 }), lowStockThreshold: 0 };
    const store = new InMemoryCheckoutStore({ products: [tea, mug] });

    expect(await store.read(({ stock }) => stock.lowStock())).toStrictEqual([{ sku: tea.sku, onHand: 20, reserved: 0, available: 20, lowStockThreshold: 20 }]);
  });

  it('given a refused write, when it throws, then the error is a ConstraintViolationError naming the constraint', async () => {
    const store = new InMemoryCheckoutStore();

    const error = await store.transaction(({ wallet }) => wallet.append(aWalletCredit(anOrder()))).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConstraintViolationError);
    expect((error as ConstraintViolationError).constraint).toBe('wallet_entries_order_id_fkey');
  });

  it('given work that catches a refused write and returns, when the transaction ends, then it rejects with TransactionAbortedError instead of pretending to commit', async () => {
    const store = new InMemoryCheckoutStore();
    const order = anOrder();

    const outcome = store.transaction(async ({ orders, wallet }) => {
      await orders.save(order);
      await wallet.append(aWalletCredit(anOrder())).catch(() => undefined);
      return 'returned';
    });

    await expect(outcome).rejects.toBeInstanceOf(TransactionAbortedError);
    expect(await store.read(({ orders }) => orders.byId(order.id))).toBeUndefined();
  });

  it('given a refused write, when the same transaction goes on to use a repository, then that use is refused too, as in an aborted PostgreSQL transaction', async () => {
    const store = new InMemoryCheckoutStore();
    const order = anOrder();
    let next: unknown;

    await store
      .transaction(async ({ orders, wallet }) => {
        await wallet.append(aWalletCredit(anOrder())).catch(() => undefined);
        next = await orders.save(order).catch((error: unknown) => error);
      })
      .catch(() => undefined);

    expect(next).toBeInstanceOf(TransactionAbortedError);
  });

  it('given a transaction, when its work starts another transaction on the same store, then that one is refused instead of waiting forever', async () => {
    const store = new InMemoryCheckoutStore();

    const nested = store.transaction(() => store.transaction(async () => 'inner'));

    await expect(nested).rejects.toThrow(/inside a transaction/);
  });

  it('given a transaction, when its work writes through read(), then that write is refused instead of waiting forever', async () => {
    const store = new InMemoryCheckoutStore();

    const nested = store.transaction(() => store.read(({ orders }) => orders.save(anOrder())));

    await expect(nested).rejects.toThrow(/inside a transaction/);
  });

  it('given repositories kept after their transaction committed, when used, then they refuse instead of writing where nobody commits', async () => {
    const store = new InMemoryCheckoutStore();
    let leaked: CheckoutRepositories | undefined;
    await store.transaction(async (repositories) => {
      leaked = repositories;
    });

    await expect(leaked!.orders.save(anOrder())).rejects.toThrow(/finished transaction/);
  });

  it('given no transaction, when a write goes through read(), then it commits on its own like an autocommit statement', async () => {
    const store = new InMemoryCheckoutStore();
    const order = anOrder();

    await store.read(({ orders }) => orders.save(order));

    expect(await store.read(({ orders }) => orders.byId(order.id))).toStrictEqual(order);
  });

  it('given a saved order, when the caller changes the objects it saved or read, then the stored order does not change', async () => {
    const store = new InMemoryCheckoutStore();
    const lines: OrderLine[] = [{ sku: 'TEA', name: 'Tea', unitPrice: npr(100), quantity: 1, lineTotal: npr(100) }];
    const order: Order = { ...anOrder(), lines };
    await given(store, order);

    lines.push({ sku: 'MUG', name: 'Mug', unitPrice: npr(5), quantity: 1, lineTotal: npr(5) });
    const read = await store.read(({ orders }) => orders.byId(order.id));
    (read!.lines as OrderLine[]).length = 0;

    expect((await store.read(({ orders }) => orders.byId(order.id)))?.lines).toStrictEqual([lines[0]]);
  });

  it('given a failing transaction queued behind others, when they all settle, then the ones after it still run and commit', async () => {
    const product = aProduct({ onHand: 3 });
    const store = new InMemoryCheckoutStore({ products: [product] });
    const orders = [anOrder(), anOrder()];
    await given(store, ...orders);

    const results = await Promise.allSettled([
      store.transaction(async ({ stock }) => {
        await stock.reserve(orders[0]!.id, [line(product.sku, 1)]);
        throw new Error('fails after reserving');
      }),
      store.transaction(({ stock }) => stock.reserve(orders[1]!.id, [line(product.sku, 2)])),
    ]);

    expect(results.map((result) => result.status)).toStrictEqual(['rejected', 'fulfilled']);
    expect(await onHand(store, product.sku)).toBe(1);
  });
});
