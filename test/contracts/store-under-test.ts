/**
 * The subject shape shared by the persistence contract suites and the helpers they write and read
 * rows with. The rows themselves come from the mothers (test/support/mothers), which take fresh ids,
 * so the suites can share one database: no test sees another's rows.
 */
import { beforeEach, expect } from 'vitest';
import type { CheckoutRepositories, CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import type { SeededProduct } from '../../adapters/persistence/catalog-seed.js';
import type { Order } from '../../src/orders/api.js';
import { anOrder } from '../support/mothers/order.js';
import { liveHandle } from '../support/live-handle.js';

// ── The subject ──────────────────────────────────────────────────────────────

export interface StoreUnderTest {
  readonly store: CheckoutStore;
  /** Puts products on the shelf the way `seedCatalog` does (inserts, never overwrites). */
  seedCatalog(products: readonly SeededProduct[]): Promise<void>;
  /**
   * The balances a store caches per account (PostgreSQL's `wallet_accounts` and
   * `loyalty_accounts`), zero when there is no account; absent where nothing is cached apart.
   */
  readonly accounts?: {
    wallet(customerId: string, currency: string): Promise<number>;
    loyalty(customerId: string): Promise<{ balance: number; lifetime: number }>;
  };
}

/** What a contract suite runs against: the in-memory twin, or MikroORM on PostgreSQL. */
export interface PersistenceSubject {
  readonly name: string;
  /** Called before each test. */
  open(): Promise<StoreUnderTest>;
}

/** What a suite takes once, inside its `describe`: the subject opens anew before each test. */
export interface OpenedForEachTest {
  /** The running test's store. */
  readonly store: CheckoutStore;
  seedCatalog: StoreUnderTest['seedCatalog'];
  /** The running test's cached balances, where the store keeps them apart. */
  accounts(): StoreUnderTest['accounts'];
}

/** Opens `subject` before each test of the calling `describe`. */
export function openedForEachTest(subject: PersistenceSubject): OpenedForEachTest {
  let opened: StoreUnderTest | undefined;
  beforeEach(async () => {
    opened = await subject.open();
  });
  const running = liveHandle(() => opened, `${subject.name} store`);
  return { store: liveHandle(() => opened?.store, `${subject.name} store`), seedCatalog: (products) => running.seedCatalog(products), accounts: () => opened?.accounts };
}

// ── Helpers ──────────────────────────────────────────────────────────────────

/** Runs `work` in its own committed transaction. */
export const committed = <T>(store: CheckoutStore, work: (repositories: CheckoutRepositories) => Promise<T>): Promise<T> => store.transaction(work);

/** Stores orders (committed), so rows that reference them can be written. */
export async function given(store: CheckoutStore, ...orders: Order[]): Promise<void> {
  await store.transaction(async ({ orders: repository }) => {
    for (const order of orders) await repository.save(order);
  });
}

/** A fresh order (`anOrder` with `overrides`), stored, so rows that reference it can be written. */
export async function aStoredOrder(store: CheckoutStore, overrides: Parameters<typeof anOrder>[0] = {}): Promise<ReturnType<typeof anOrder>> {
  const order = anOrder(overrides);
  await given(store, order);
  return order;
}

type Orders<N extends number, Made extends ReturnType<typeof anOrder>[] = []> = Made['length'] extends N ? Made : Orders<N, [...Made, ReturnType<typeof anOrder>]>;

/** `count` fresh orders, of as many customers, stored together. */
export async function storedOrders<N extends number>(store: CheckoutStore, count: N): Promise<Orders<N>> {
  const orders = Array.from({ length: count }, () => anOrder());
  await given(store, ...orders);
  return orders as Orders<N>;
}

/** The units of `sku` that can still be sold (on hand less reserved), as `items` reports them. */
export async function onHand(store: CheckoutStore, sku: string): Promise<number | undefined> {
  const [item] = await store.read(({ stock }) => stock.items([sku]));
  return item?.onHand;
}

/** The low-stock report's row for `sku`, if it is low; the report covers the whole shared catalog. */
export async function stockLevel(store: CheckoutStore, sku: string) {
  return (await store.read(({ stock }) => stock.lowStock())).find((level) => level.sku === sku);
}

/** Counts each distinct outcome of many concurrent calls; a rejected call counts as `thrown`. */
export async function tally<T>(calls: readonly Promise<T>[], key: (value: T) => string): Promise<Record<string, number>> {
  const settled = await Promise.allSettled(calls);
  const counts: Record<string, number> = {};
  for (const outcome of settled) {
    const name = outcome.status === 'fulfilled' ? key(outcome.value) : `thrown: ${String((outcome.reason as Error)?.message ?? outcome.reason).slice(0, 120)}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/**
 * Refused by the store because of the named constraint of the PostgreSQL schema. The error type is
 * the adapter's own; both adapters name the constraint in the message.
 */
export const expectRefusedBy = async (promise: Promise<unknown>, constraint: string): Promise<void> => {
  await expect(promise).rejects.toThrow(constraint);
};
