import type { TopUpState, WalletTopUp } from '../../../src/wallet/domain/top-up.js';
import type { TopUpRequest } from '../../../src/wallet/ports/top-up-sagas.js';
import { fresh } from './ids.js';
import { awaitingPayment } from './saga-state.js';
import { npr } from './money.js';
import { PLACED_AT } from './time.js';

/** A request to top up NPR 500 through Khalti, under fresh ids. */
export function aTopUpRequest(overrides: Partial<TopUpRequest> = {}): TopUpRequest {
  return { topUpId: fresh('top'), customerId: fresh('cus'), gateway: 'khalti', amount: { amountMinor: 50_000, currency: 'NPR' }, requestedAt: PLACED_AT, ...overrides };
}

/** A pending top-up of NPR 500 whose payment the gateway knows as `gatewayPaymentId`. */
export function aWalletTopUp(overrides: Partial<WalletTopUp> = {}): WalletTopUp {
  return {
    id: fresh('top'),
    customerId: fresh('cus'),
    gateway: 'khalti',
    amount: npr(50_000),
    status: 'pending',
    gatewayPaymentId: fresh('pidx'),
    createdAt: PLACED_AT,
    ...overrides,
  };
}

/**
 * The top-up saga's state for `topUp`, awaiting payment unless told otherwise. `overrides` may set
 * any status' fields: the test says which state it means, the saga's transitions are not run.
 */
export function aTopUpState(topUp: Pick<WalletTopUp, 'id' | 'customerId' | 'gateway' | 'amount'>, overrides: Partial<TopUpState> = {}): TopUpState {
  return {
    topUpId: topUp.id,
    ...awaitingPayment(topUp.customerId, topUp.gateway, topUp.amount),
    ...overrides,
  } as TopUpState;
}
