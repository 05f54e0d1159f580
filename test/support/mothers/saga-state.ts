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

/** A payment action a saga may be handed: the shopper is redirected to the gateway. */
export const A_REDIRECT = { type: 'redirect', url: 'https://pay.test/p' } as const;
/** Why a saga may park: the gateway did not answer. */
export const GATEWAY_DOWN = { code: 'gateway.unavailable', message: 'down', since: '2026-01-01T00:00:00.000Z' };
/** What a saga is told once its payment is initiated at the gateway. */
export const INITIATED = { gatewayPaymentId: 'pidx_1', expiresAt: '2026-01-01T00:30:00.000Z', paymentAction: A_REDIRECT };
