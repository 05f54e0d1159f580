/**
 * How a top-up saga's state moves from one status to the next: pure functions from the state
 * before to the state after, each refusing (throwing, as a bug) a state it cannot come from.
 */
import { assertNever } from '../../shared/assert-never.js';
import type {
  TopUpAwaitingPayment,
  TopUpCredited,
  TopUpCrediting,
  TopUpFailed,
  TopUpFailureReason,
  TopUpInitiating,
  TopUpNeedsAttention,
  TopUpPaymentAction,
  TopUpState,
  TopUpVerifying,
} from './top-up.js';

const cannot = (state: TopUpState, what: string): never => {
  throw new Error(`top-up ${state.topUpId} cannot ${what} while ${state.status}`);
};

/** The gateway payment exists: the shopper can pay it. */
export function topUpAwaitingPayment(
  state: TopUpState,
  payment: { readonly gatewayPaymentId: string; readonly expiresAt: string; readonly paymentAction: TopUpPaymentAction },
): TopUpAwaitingPayment {
  if (state.status !== 'initiating') return cannot(state, 'wait for its payment');
  return { ...state, status: 'awaiting_payment', ...payment };
}

/** The gateway says paid: its own API is asked next. */
export function topUpVerifying(state: TopUpState): TopUpVerifying {
  if (state.status !== 'awaiting_payment') return cannot(state, 'verify its payment');
  return { ...state, status: 'verifying' };
}

/** Verified as `transactionId`: the wallet is credited next. */
export function topUpCrediting(state: TopUpState, transactionId: string): TopUpCrediting {
  if (state.status !== 'verifying') return cannot(state, 'credit a payment it has not verified');
  return { ...state, status: 'crediting', transactionId };
}

/** The wallet has the money: the payment action goes. */
export function topUpCredited(state: TopUpState, credited: { readonly amountMinor: number; readonly currency: string }): TopUpCredited {
  if (state.status !== 'crediting') return cannot(state, 'be credited');
  const { paymentAction: _, ...rest } = state;
  return { ...rest, status: 'credited', credited: { amountMinor: credited.amountMinor, currency: credited.currency } };
}

/** A top-up its own steps still move: neither ended nor waiting for an operator. */
export function isTopUpUnderWay(state: TopUpState): state is TopUpInitiating | TopUpAwaitingPayment | TopUpVerifying | TopUpCrediting {
  switch (state.status) {
    case 'initiating':
    case 'awaiting_payment':
    case 'verifying':
    case 'crediting':
      return true;
    case 'credited':
    case 'failed':
    case 'needs_attention':
      return false;
    default:
      return assertNever(state, 'top-up state');
  }
}

/** Failed, for `reason`, with nothing credited; the payment action goes. */
export function topUpFailed(state: TopUpState, reason: TopUpFailureReason): TopUpFailed {
  if (!isTopUpUnderWay(state)) return cannot(state, 'fail');
  const { paymentAction: _, ...rest } = state;
  return { ...rest, status: 'failed', failureReason: reason };
}

/** Parked for an operator, keeping what it carried. */
export function topUpParked(state: TopUpState, attention: { readonly code: string; readonly message: string; readonly since: string }): TopUpNeedsAttention {
  if (!isTopUpUnderWay(state)) return cannot(state, 'park');
  return { ...state, status: 'needs_attention', attention: { ...attention } };
}
