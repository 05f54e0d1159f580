/** What a use-case test puts in the store before it acts, through the ports only. */
import type { CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import { placeOrder } from '../../src/orders/domain/order.js';
import { fresh } from './mothers/ids.js';
import { npr } from './mothers/money.js';
import { anOrderLine } from './mothers/order.js';
import { PLACED_AT } from './mothers/time.js';
import { aTopUpEntry } from './mothers/wallet-entry.js';
import { okValue } from './result.js';

/** The shopper's wallet holds `amountMinor` NPR more (a top-up). */
export async function givenWallet(store: CheckoutStore, customerId: string, amountMinor: number): Promise<void> {
  okValue(await store.transaction(({ wallet }) => wallet.append(aTopUpEntry(customerId, npr(amountMinor)))));
}

/** The shopper holds `points` more loyalty points, earned on an earlier order of theirs. */
export async function givenPoints(store: CheckoutStore, customerId: string, points: number): Promise<void> {
  await store.transaction(async ({ orders, loyalty }) => {
    const earlier = placeOrder({ id: fresh('ord'), customerId, gateway: 'khalti', lines: [anOrderLine()], subtotal: npr(90_000), total: npr(90_000), placedAt: PLACED_AT });
    await orders.save(earlier);
    okValue(await loyalty.append(customerId, { kind: 'earn', points, orderId: earlier.id, idempotencyKey: fresh('earn') }));
  });
}

/** The shopper's NPR wallet balance, in minor units. */
export const walletBalance = async (store: CheckoutStore, customerId: string): Promise<number> => (await store.read(({ wallet }) => wallet.balance(customerId, 'NPR'))).amountMinor;

export const pointsBalance = (store: CheckoutStore, customerId: string): Promise<number> => store.read(({ loyalty }) => loyalty.balance(customerId));
