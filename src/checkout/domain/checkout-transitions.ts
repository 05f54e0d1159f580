/**
 * How a checkout saga's state moves from one status to the next: pure functions from the state
 * before to the state after, each refusing (throwing, as a bug) a state it cannot come from. Each
 * keeps what the status before carried and the next status may carry, and drops nothing silently.
 */
import { assertNever } from '../../shared/assert-never.js';
import type {
  Attention,
  CheckoutAwaitingPayment,
  CheckoutCancelled,
  CheckoutCompensating,
  CheckoutConfirmed,
  CheckoutFulfilling,
  CheckoutInitiating,
  CheckoutNeedsAttention,
  CheckoutRefused,
  CheckoutState,
  CheckoutVerifying,
  PaymentAction,
  SagaAmount,
} from './saga.js';

const cannot = (state: CheckoutState, what: string): never => {
  throw new Error(`checkout ${state.orderId} cannot ${what} while ${state.status}`);
};

/** The payment exists: a gateway payment (with its id and expiry) or a manual one's instructions. */
export function awaitingPayment(
  state: CheckoutState,
  payment: { readonly gatewayPaymentId?: string; readonly expiresAt?: string; readonly paymentAction: PaymentAction },
): CheckoutAwaitingPayment {
  switch (state.status) {
    case 'initiating':
      return { ...state, status: 'awaiting_payment', ...payment };
    case 'awaiting_payment':
    case 'verifying':
    case 'fulfilling':
    case 'compensating':
    case 'needs_attention':
    case 'confirmed':
    case 'cancelled':
      return cannot(state, 'wait for its payment');
    default:
      return assertNever(state, 'checkout state');
  }
}

/** The gateway says paid: its own API is asked next. */
export function verifying(state: CheckoutState): CheckoutVerifying {
  switch (state.status) {
    case 'awaiting_payment': {
      const { gatewayPaymentId, expiresAt } = state;
      if (gatewayPaymentId === undefined || expiresAt === undefined) return cannot(state, 'verify a payment it has not created');
      return { ...state, status: 'verifying', gatewayPaymentId, expiresAt };
    }
    case 'initiating':
    case 'verifying':
    case 'fulfilling':
    case 'compensating':
    case 'needs_attention':
    case 'confirmed':
    case 'cancelled':
      return cannot(state, 'verify its payment');
    default:
      return assertNever(state, 'checkout state');
  }
}

/** Paid, or nothing left to pay through a gateway: fulfilment starts, with the verified transaction if there is one. */
export function fulfilling(state: CheckoutState, transactionId?: string): CheckoutFulfilling {
  switch (state.status) {
    case 'initiating':
    case 'awaiting_payment':
    case 'verifying': {
      const { refundedToWallet, ...paid } = state;
      // Only a checkout being cancelled has had money credited back.
      if (refundedToWallet !== undefined) return cannot(state, 'fulfil an order whose money went to the wallet');
      return { ...paid, status: 'fulfilling', ...(transactionId === undefined ? {} : { transactionId }) };
    }
    case 'fulfilling':
    case 'compensating':
    case 'needs_attention':
    case 'confirmed':
    case 'cancelled':
      return cannot(state, 'start fulfilling');
    default:
      return assertNever(state, 'checkout state');
  }
}

/** The loyalty points the order earned, awarded while fulfilling. */
export function pointsAwarded(state: CheckoutState, points: number): CheckoutFulfilling {
  if (state.status !== 'fulfilling') return cannot(state, 'award points');
  return { ...state, pointsAwarded: points };
}

/** The order is confirmed: the shopper has nothing left to do, so the payment action goes. */
export function confirmed(state: CheckoutState): CheckoutConfirmed {
  if (state.status !== 'fulfilling' || state.pointsAwarded === undefined) return cannot(state, 'be confirmed before its points are awarded');
  const { paymentAction: _, ...rest } = state;
  return { ...rest, status: 'confirmed', pointsAwarded: state.pointsAwarded };
}

/** The steps already done are undone, last first. */
export function compensating(state: CheckoutState): CheckoutCompensating {
  switch (state.status) {
    case 'initiating':
    case 'awaiting_payment':
    case 'verifying':
    case 'fulfilling':
    case 'compensating':
      return { ...state, status: 'compensating' };
    case 'needs_attention':
    case 'confirmed':
    case 'cancelled':
      return cannot(state, 'compensate');
    default:
      return assertNever(state, 'checkout state');
  }
}

/** `amount` more went back to the shopper's wallet (a compensation, or an operator's refund to the wallet). */
export function creditedToWallet(state: CheckoutState, amount: SagaAmount): CheckoutInitiating | CheckoutAwaitingPayment | CheckoutVerifying | CheckoutCompensating {
  const refundedToWallet = { amountMinor: (state.refundedToWallet?.amountMinor ?? 0) + amount.amountMinor, currency: amount.currency };
  switch (state.status) {
    case 'initiating':
    case 'awaiting_payment':
    case 'verifying':
    case 'compensating':
      return { ...state, refundedToWallet };
    case 'fulfilling':
    case 'needs_attention':
    case 'confirmed':
    case 'cancelled':
      return cannot(state, 'credit the wallet');
    default:
      return assertNever(state, 'checkout state');
  }
}

/** Cancelled, for `reason`; the payment action goes. */
export function cancelled(state: CheckoutState, reason: string): CheckoutCancelled {
  switch (state.status) {
    case 'initiating':
    case 'awaiting_payment':
    case 'verifying':
    case 'fulfilling':
    case 'compensating': {
      const { paymentAction: _, ...rest } = state;
      return { ...rest, status: 'cancelled', cancelReason: reason };
    }
    case 'needs_attention':
    case 'confirmed':
    case 'cancelled':
      return cannot(state, 'be cancelled');
    default:
      return assertNever(state, 'checkout state');
  }
}

/** Refused before anything was kept: the balance or the points went to another checkout since the quote. */
export function refused(state: CheckoutState, refusal: { readonly code: string; readonly message: string }): CheckoutRefused {
  if (state.status !== 'initiating' || state.refundedToWallet !== undefined) return cannot(state, 'be refused');
  const { refundedToWallet: _, ...rest } = state;
  return { ...rest, status: 'cancelled', refusal };
}

/** Parked for an operator, keeping what it carried. */
export function parked(state: CheckoutState, attention: Attention): CheckoutNeedsAttention {
  switch (state.status) {
    case 'initiating':
    case 'awaiting_payment':
    case 'verifying':
    case 'fulfilling':
    case 'compensating':
      return { ...state, status: 'needs_attention', attention };
    case 'needs_attention':
    case 'confirmed':
    case 'cancelled':
      return cannot(state, 'park');
    default:
      return assertNever(state, 'checkout state');
  }
}
