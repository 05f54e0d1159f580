import { describe, expect, it } from 'vitest';
import type { TopUpState } from '../../../src/wallet/domain/top-up.js';
import { topUpAwaitingPayment, topUpCredited, topUpCrediting, topUpFailed, topUpParked, topUpVerifying } from '../../../src/wallet/domain/top-up-transitions.js';

const ACTION = { type: 'redirect', url: 'https://pay.test/p' } as const;
const ATTENTION = { code: 'gateway.unavailable', message: 'down', since: '2026-01-01T00:00:00.000Z' };
const npr = (amountMinor: number) => ({ amountMinor, currency: 'NPR' });

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
const awaiting = () => topUpAwaitingPayment(initiating(), { gatewayPaymentId: 'pidx_1', expiresAt: '2026-01-01T00:30:00.000Z', paymentAction: ACTION });
const crediting = () => topUpCrediting(topUpVerifying(awaiting()), 'txn_1');

const EVERY_STATUS: Record<string, () => TopUpState> = {
  initiating,
  awaiting_payment: awaiting,
  verifying: () => topUpVerifying(awaiting()),
  crediting,
  credited: () => topUpCredited(crediting(), npr(500)),
  failed: () => topUpFailed(awaiting(), 'payment_expired'),
  needs_attention: () => topUpParked(awaiting(), ATTENTION),
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
    ['wait for its payment', (s) => topUpAwaitingPayment(s, { gatewayPaymentId: 'p', expiresAt: 'e', paymentAction: ACTION }), ['initiating']],
    ['verify', topUpVerifying, ['awaiting_payment']],
    ['credit', (s) => topUpCrediting(s, 'txn'), ['verifying']],
    ['be credited', (s) => topUpCredited(s, npr(1)), ['crediting']],
    ['fail', (s) => topUpFailed(s, 'operator_cancelled'), ['initiating', 'awaiting_payment', 'verifying', 'crediting']],
    ['park', (s) => topUpParked(s, ATTENTION), ['initiating', 'awaiting_payment', 'verifying', 'crediting']],
  ];

  it.each(refusals)('given a top-up in any status, when it is to %s, then only the statuses it can come from move and every other throws', (_, move, from) => {
    for (const [status, state] of Object.entries(EVERY_STATUS)) {
      if (from.includes(status)) expect(() => move(state()), status).not.toThrow();
      else expect(() => move(state()), status).toThrow(/cannot/);
    }
  });
});
