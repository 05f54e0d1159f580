import { describe, expect, it } from 'vitest';
import * as transitions from '../../../src/checkout/domain/checkout-transitions.js';
import type { CheckoutState } from '../../../src/checkout/domain/saga.js';
import { npr } from '../../support/mothers/money.js';
import { A_REDIRECT, GATEWAY_DOWN, INITIATED } from '../../support/mothers/saga-state.js';

const { awaitingPayment, cancelled, compensating, confirmed, creditedToWallet, fulfilling, parked, pointsAwarded, refused, verifying } = transitions;

const initiating = (): CheckoutState => ({
  orderId: 'ord_1',
  customerId: 'cus_1',
  gateway: 'khalti',
  amount: npr(1_000),
  status: 'initiating',
  callbacksReceived: 0,
  gatewaySyncs: 0,
  decisions: [],
});
const awaiting = () => awaitingPayment(initiating(), INITIATED);
const fulfillingState = () => pointsAwarded(fulfilling(verifying(awaiting()), 'txn_1'), 7);

/** One state in each status the saga can reach. */
const EVERY_STATUS: Record<string, () => CheckoutState> = {
  initiating,
  awaiting_payment: awaiting,
  verifying: () => verifying(awaiting()),
  fulfilling: fulfillingState,
  compensating: () => compensating(fulfillingState()),
  needs_attention: () => parked(awaiting(), GATEWAY_DOWN),
  confirmed: () => confirmed(fulfillingState()),
  cancelled: () => cancelled(awaiting(), 'payment_expired'),
};

describe('checkout transitions', () => {
  it('given a gateway payment, when it goes initiating → awaiting → verifying → fulfilling → confirmed, then each status carries what it must and the payment action goes at the end', () => {
    const paid = verifying(awaiting());
    expect(paid).toMatchObject({ status: 'verifying', gatewayPaymentId: 'pidx_1', paymentAction: A_REDIRECT });

    const done = confirmed(pointsAwarded(fulfilling(paid, 'txn_1'), 7));

    expect(done).toMatchObject({ status: 'confirmed', transactionId: 'txn_1', pointsAwarded: 7, gatewayPaymentId: 'pidx_1' });
    expect(done).not.toHaveProperty('paymentAction');
  });

  it('given money credited back while compensating, when cancelled, then the credit is summed and kept and the payment action goes', () => {
    const undone = creditedToWallet(creditedToWallet(compensating(awaiting()), npr(300)), npr(200));

    const end = cancelled(undone, 'out_of_stock');

    expect(end).toMatchObject({ status: 'cancelled', cancelReason: 'out_of_stock', refundedToWallet: npr(500) });
    expect(end).not.toHaveProperty('paymentAction');
  });

  it('given the balance went elsewhere while initiating, when refused, then it is cancelled with the refusal and nothing else', () => {
    expect(refused(initiating(), { code: 'wallet.balance_changed', message: 'spent' })).toMatchObject({ status: 'cancelled', refusal: { code: 'wallet.balance_changed' } });
  });

  it('given an awaiting checkout, when parked, then it keeps its payment and carries the attention', () => {
    expect(parked(awaiting(), GATEWAY_DOWN)).toMatchObject({ status: 'needs_attention', attention: GATEWAY_DOWN, gatewayPaymentId: 'pidx_1', paymentAction: A_REDIRECT });
  });

  const refusals: [string, (state: CheckoutState) => unknown, readonly string[]][] = [
    ['wait for its payment', (s) => awaitingPayment(s, { paymentAction: A_REDIRECT }), ['initiating']],
    ['verify', verifying, ['awaiting_payment']],
    ['fulfil', (s) => fulfilling(s), ['initiating', 'awaiting_payment', 'verifying']],
    ['award points', (s) => pointsAwarded(s, 1), ['fulfilling']],
    ['be confirmed', confirmed, ['fulfilling']],
    ['compensate', compensating, ['initiating', 'awaiting_payment', 'verifying', 'fulfilling', 'compensating']],
    ['credit the wallet', (s) => creditedToWallet(s, npr(1)), ['initiating', 'awaiting_payment', 'verifying', 'compensating']],
    ['be cancelled', (s) => cancelled(s, 'x'), ['initiating', 'awaiting_payment', 'verifying', 'fulfilling', 'compensating']],
    ['be refused', (s) => refused(s, { code: 'c', message: 'm' }), ['initiating']],
    ['park', (s) => parked(s, GATEWAY_DOWN), ['initiating', 'awaiting_payment', 'verifying', 'fulfilling', 'compensating']],
  ];

  it.each(refusals)('given a checkout in any status, when it is to %s, then only the statuses it can come from move and every other throws', (_, move, from) => {
    for (const [status, state] of Object.entries(EVERY_STATUS)) {
      if (from.includes(status)) expect(() => move(state()), status).not.toThrow();
      else expect(() => move(state()), status).toThrow(/cannot/);
    }
  });

  it('given a manual payment (no gateway payment), when verifying is asked for, then it is refused', () => {
    expect(() => verifying(awaitingPayment(initiating(), { paymentAction: A_REDIRECT }))).toThrow(/has not created/);
  });

  it('given money went back to the wallet, when fulfilment is asked for, then it is refused', () => {
    expect(() => fulfilling(creditedToWallet(awaiting(), npr(1)))).toThrow(/went to the wallet/);
  });
});
