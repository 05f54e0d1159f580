import type { Money } from '../../../src/shared/money.js';

/** What a payment saga's state (a checkout's or a top-up's) starts as: awaiting `amount`, nothing received or decided yet. */
export const awaitingPayment = (customerId: string, gateway: string, amount: Money) => ({
  customerId,
  gateway,
  amount: { amountMinor: amount.amountMinor, currency: amount.currency },
  status: 'awaiting_payment' as const,
  callbacksReceived: 0,
  gatewaySyncs: 0,
  decisions: [],
});
