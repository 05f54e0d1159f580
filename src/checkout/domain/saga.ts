/**
 * Pure rules of the checkout saga, shared by the workflow (deterministic) and the application.
 */

export type CheckoutStatus = 'initiating' | 'awaiting_payment' | 'verifying' | 'fulfilling' | 'confirmed' | 'cancelled' | 'compensating' | 'needs_attention';

export const TERMINAL_STATUSES: readonly CheckoutStatus[] = ['confirmed', 'cancelled'];

// What every payment saga shares (checkouts, top-ups, late payments, refunds) lives in src/shared.
export { stepKey, syncDelayMs, type OperatorAction, type OperatorDecision } from '../../shared/payment-saga.js';
import type { OperatorAction } from '../../shared/payment-saga.js';

/** A gateway's callback or browser return: a fact, and only a hint to go and verify. */
export interface SagaPaymentCallback {
  readonly gateway: string;
  readonly gatewayPaymentId: string;
  readonly claimedStatus: string;
  readonly receivedAt: string;
}

/** What the saga's decision log records: an operator's action on a parked saga, or a manual payment decision. */
export type RecordedAction = OperatorAction | 'approve' | 'reject';

export interface Attention {
  readonly code: string;
  readonly message: string;
  readonly since: string;
}

/** What a checkout saga shows of itself through its query and updates. */
export interface CheckoutState {
  orderId: string;
  customerId: string;
  gateway: string;
  amount: { amountMinor: number; currency: string };
  status: CheckoutStatus;
  paymentAction?:
    | { type: 'redirect'; url: string }
    | { type: 'form_post'; url: string; fields: Readonly<Record<string, string>> }
    | { type: 'instructions'; method: ManualMethod; reference: string; text: string; approveBy: string };
  gatewayPaymentId?: string;
  expiresAt?: string;
  transactionId?: string;
  cancelReason?: string;
  /**
   * Why the checkout was refused before anything was kept (the wallet balance or the points were
   * spent by another checkout since the quote): no order exists for it.
   */
  refusal?: { code: string; message: string };
  attention?: Attention;
  pointsAwarded?: number;
  refundedToWallet?: { amountMinor: number; currency: string };
  callbacksReceived: number;
  gatewaySyncs: number;
  decisions: { action: RecordedAction; by: string; reason: string; at: string }[];
}

/** The wallet part and the gateway part of an order's total: the wallet pays first, the gateway the rest. */
export function splitPayment(
  method: string,
  total: { amountMinor: number; currency: string },
  walletAmount?: { amountMinor: number; currency: string },
): { wallet: { amountMinor: number; currency: string }; gateway: { amountMinor: number; currency: string } } {
  const walletMinor = method === 'wallet' ? total.amountMinor : (walletAmount?.amountMinor ?? 0);
  if (!Number.isSafeInteger(walletMinor) || walletMinor < 0 || walletMinor > total.amountMinor) {
    throw new RangeError(`the wallet part ${walletMinor} must be between 0 and the total ${total.amountMinor}`);
  }
  return { wallet: { amountMinor: walletMinor, currency: total.currency }, gateway: { amountMinor: total.amountMinor - walletMinor, currency: total.currency } };
}

/** Payments an operator confirms by hand: cash collected on delivery, or a bank transfer seen on the statement. */
export const MANUAL_METHODS = ['cash_on_delivery', 'bank_transfer'] as const;
export type ManualMethod = (typeof MANUAL_METHODS)[number];
export const isManualMethod = (method: string): method is ManualMethod => (MANUAL_METHODS as readonly string[]).includes(method);

/** The reference a shopper quotes on a bank transfer: short, unambiguous, derived from the order. */
export const bankReference = (orderId: string): string => `PS-${orderId.replace(/^ord_/, '').slice(-10).toUpperCase()}`;

export interface ManualPaymentDecision {
  readonly decision: 'approve' | 'reject';
  readonly by: string;
  readonly reason: string;
}

/** An operator's command on a saga, with who and why; every one is recorded in the saga's state. */
export interface OperatorCommand {
  readonly action: RecordedAction;
  readonly by: string;
  readonly reason: string;
}

/**
 * Whether a saga in `state` can take `command` now: retry, cancel and refund to wallet only while
 * it needs attention; approve and reject only while a manual payment awaits its decision.
 * Returns the reason it cannot, or undefined.
 */
export function refuseOperatorCommand(state: Pick<CheckoutState, 'status' | 'paymentAction'>, command: OperatorCommand, manualDecided: boolean): string | undefined {
  if (command.by.trim() === '' || command.reason.trim() === '') return 'an operator command needs who (by) and why (reason)';
  switch (command.action) {
    case 'approve':
    case 'reject':
      if (state.paymentAction?.type !== 'instructions' || state.status !== 'awaiting_payment' || manualDecided) {
        return `${command.action} applies to a cash-on-delivery or bank-transfer checkout awaiting its payment; this one is ${state.status}`;
      }
      return undefined;
    case 'retry':
    case 'cancel':
    case 'refund_to_wallet':
      return state.status === 'needs_attention' ? undefined : `${command.action} applies to a checkout that needs attention; this one is ${state.status}`;
  }
}
