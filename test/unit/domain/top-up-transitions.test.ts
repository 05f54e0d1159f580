import { describe, expect, it } from 'vitest';
import type { TopUpState } from '../../../src/wallet/domain/top-up.js';
import { topUpAwaitingPayment, topUpCredited, topUpCrediting, topUpFailed, topUpParked, topUpVerifying } from '../../../src/wallet/domain/top-up-transitions.js';
import { npr } from '../../support/mothers/money.js';
import { A_REDIRECT, GATEWAY_DOWN, INITIATED } from '../../support/mothers/saga-state.js';

const initiating = (): TopUpState => ({
  topUpId: 'top_1',
  customerId: 'cus_1',
  gateway: 'khalti',
  amount: npr(500),
  status: 'initiating',
  callbacksReceived: 0,
  gatewaySyncs: 0,
  decisions: [],
});
const awaiting = () => topUpAwaitingPayment(initiating(), INITIATED);
const crediting = () => topUpCrediting(topUpVerifying(awaiting()), 'txn_1');

const EVERY_STATUS: Record<string, () => TopUpState> = {
  initiating,
  awaiting_payment: awaiting,
  verifying: () => topUpVerifying(awaiting()),
  crediting,
  credited: () => topUpCredited(crediting(), npr(500)),
  failed: () => topUpFailed(awaiting(), 'payment_expired'),
  needs_attention: () => topUpParked(awaiting(), GATEWAY_DOWN),
};

describe('top-up transitions', () => {
  it('given a paid top-up, when credited, then it carries its transaction and credit and the payment action goes', () => {
    const done = topUpCredited(crediting(), npr(500));

    expect(done).toMatchObject({ status: 'credited', transactionId: 'txn_1', credited: npr(500), gatewayPaymentId: 'pidx_1' });
    expect(done).not.toHaveProperty('paymentAction');
  });

  it('given an awaiting top-up, when it fails, then it carries the reason, keeps the gateway payment and loses the payment action', () => {
    const failed = topUpFailed(awaiting(), 'payment_expired');

    expect(failed).toMatchObject({ status: 'failed', failureReason: 'payment_expired', gatewayPaymentId: 'pidx_1' });
    expect(failed).not.toHaveProperty('paymentAction');
  });

  const refusals: [string, (state: TopUpState) => unknown, readonly string[]][] = [
    ['wait for its payment', (s) => topUpAwaitingPayment(s, { gatewayPaymentId: 'p', expiresAt: 'e', paymentAction: A_REDIRECT }), ['initiating']],
    ['verify', topUpVerifying, ['awaiting_payment']],
    ['credit', (s) => topUpCrediting(s, 'txn'), ['verifying']],
    ['be credited', (s) => topUpCredited(s, npr(1)), ['crediting']],
    ['fail', (s) => topUpFailed(s, 'operator_cancelled'), ['initiating', 'awaiting_payment', 'verifying', 'crediting']],
    ['park', (s) => topUpParked(s, GATEWAY_DOWN), ['initiating', 'awaiting_payment', 'verifying', 'crediting']],
  ];

  it.each(refusals)('given a top-up in any status, when it is to %s, then only the statuses it can come from move and every other throws', (_, move, from) => {
    for (const [status, state] of Object.entries(EVERY_STATUS)) {
      if (from.includes(status)) expect(() => move(state()), status).not.toThrow();
      else expect(() => move(state()), status).toThrow(/cannot/);
    }
  });
});
