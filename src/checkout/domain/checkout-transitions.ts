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

/** A checkout its own steps still move: neither ended nor waiting for an operator. */
type UnderWay = CheckoutInitiating | CheckoutAwaitingPayment | CheckoutVerifying | CheckoutFulfilling | CheckoutCompensating;
/** A checkout whose gateway part is not yet paid. */
type Unpaid = CheckoutInitiating | CheckoutAwaitingPayment | CheckoutVerifying;

export function isUnderWay(state: CheckoutState): state is UnderWay {
  switch (state.status) {
    case 'initiating':
    case 'awaiting_payment':
    case 'verifying':
    case 'fulfilling':
    case 'compensating':
      return true;
    case 'needs_attention':
    case 'confirmed':
    case 'cancelled':
      return false;
    default:
      return assertNever(state, 'checkout state');
  }
}

const isUnpaid = (state: CheckoutState): state is Unpaid => isUnderWay(state) && state.status !== 'fulfilling' && state.status !== 'compensating';

const cannot = (state: CheckoutState, what: string): never => {
  throw new Error(`checkout ${state.orderId} cannot ${what} while ${state.status}`);
};

/** The payment exists: a gateway payment (with its id and expiry) or a manual one's instructions. */
export function awaitingPayment(
  state: CheckoutState,
  payment: { readonly gatewayPaymentId?: string; readonly expiresAt?: string; readonly paymentAction: PaymentAction },
): CheckoutAwaitingPayment {
  if (state.status !== 'initiating') return cannot(state, 'wait for its payment');
  return { ...state, status: 'awaiting_payment', ...payment };
}

/** The gateway says paid: its own API is asked next. */
export function verifying(state: CheckoutState): CheckoutVerifying {
  if (state.status !== 'awaiting_payment') return cannot(state, 'verify its payment');
  const { gatewayPaymentId, expiresAt } = state;
  if (gatewayPaymentId === undefined || expiresAt === undefined) return cannot(state, 'verify a payment it has not created');
  return { ...state, status: 'verifying', gatewayPaymentId, expiresAt };
}

/** Paid, or nothing left to pay through a gateway: fulfilment starts, with the verified transaction if there is one. */
export function fulfilling(state: CheckoutState, transactionId?: string): CheckoutFulfilling {
  if (!isUnpaid(state)) return cannot(state, 'start fulfilling');
  const { refundedToWallet, ...paid } = state;
  // Only a checkout being cancelled has had money credited back.
  if (refundedToWallet !== undefined) return cannot(state, 'fulfil an order whose money went to the wallet');
  return { ...paid, status: 'fulfilling', ...(transactionId === undefined ? {} : { transactionId }) };
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
  if (!isUnderWay(state)) return cannot(state, 'compensate');
  return { ...state, status: 'compensating' };
}

/** `amount` more went back to the shopper's wallet (a compensation, or an operator's refund to the wallet). */
export function creditedToWallet(state: CheckoutState, amount: SagaAmount): Unpaid | CheckoutCompensating {
  if (!isUnpaid(state) && state.status !== 'compensating') return cannot(state, 'credit the wallet');
  const refundedToWallet = { amountMinor: (state.refundedToWallet?.amountMinor ?? 0) + amount.amountMinor, currency: amount.currency };
  return { ...state, refundedToWallet };
}

/** Cancelled, for `reason`; the payment action goes. */
export function cancelled(state: CheckoutState, reason: string): CheckoutCancelled {
  if (!isUnderWay(state)) return cannot(state, 'be cancelled');
  const { paymentAction: _, ...rest } = state;
  return { ...rest, status: 'cancelled', cancelReason: reason };
}

/** Refused before anything was kept: the balance or the points went to another checkout since the quote. */
export function refused(state: CheckoutState, refusal: { readonly code: string; readonly message: string }): CheckoutRefused {
  if (state.status !== 'initiating' || state.refundedToWallet !== undefined) return cannot(state, 'be refused');
  const { refundedToWallet: _, ...rest } = state;
  return { ...rest, status: 'cancelled', refusal };
}

/** Parked for an operator, keeping what it carried. */
export function parked(state: CheckoutState, attention: Attention): CheckoutNeedsAttention {
  if (!isUnderWay(state)) return cannot(state, 'park');
  return { ...state, status: 'needs_attention', attention };
}
