/**
 * Pure rules of the checkout saga, shared by the workflow (deterministic) and the application.
 */

import { assertNever } from '../../shared/assert-never.js';
import type { StateIn } from '../../shared/state-shape.js';

export const CHECKOUT_STATUSES = ['initiating', 'awaiting_payment', 'verifying', 'fulfilling', 'confirmed', 'cancelled', 'compensating', 'needs_attention'] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

export const TERMINAL_STATUSES: readonly CheckoutStatus[] = ['confirmed', 'cancelled'];

/** Whether a checkout waits for nothing of its own: it has ended, or it waits for an operator. */
export function isSettled(status: CheckoutStatus): boolean {
  switch (status) {
    case 'confirmed':
    case 'cancelled':
    case 'needs_attention':
      return true;
    case 'initiating':
    case 'awaiting_payment':
    case 'verifying':
    case 'fulfilling':
    case 'compensating':
      return false;
    default:
      return assertNever(status, 'checkout status');
  }
}

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

/** An amount in minor units, as the saga's JSON carries it. */
export interface SagaAmount {
  readonly amountMinor: number;
  readonly currency: string;
}

/** Where the shopper pays: the gateway's page or form, or a manual payment's instructions. */
export type PaymentAction =
  | { type: 'redirect'; url: string }
  | { type: 'form_post'; url: string; fields: Readonly<Record<string, string>> }
  | { type: 'instructions'; method: ManualMethod; reference: string; text: string; approveBy: string };

/** What a checkout carries in every status. The two counters and the decision log grow in place. */
interface CheckoutBase {
  readonly orderId: string;
  readonly customerId: string;
  readonly gateway: string;
  readonly amount: SagaAmount;
  callbacksReceived: number;
  gatewaySyncs: number;
  readonly decisions: { action: RecordedAction; by: string; reason: string; at: string }[];
}

/** The fields only some statuses carry. */
interface CheckoutFields {
  paymentAction: PaymentAction;
  gatewayPaymentId: string;
  expiresAt: string;
  /** The gateway's id for the money movement, once verified. */
  transactionId: string;
  cancelReason: string;
  /**
   * Why the checkout was refused before anything was kept (the wallet balance or the points were
   * spent by another checkout since the quote): no order exists for it.
   */
  refusal: { code: string; message: string };
  attention: Attention;
  pointsAwarded: number;
  /** What went back to the shopper's wallet: compensations, or an operator's refund to the wallet. */
  refundedToWallet: SagaAmount;
}

/** A checkout in status `S`, with the fields it has (`Has`) and may have (`May`); no other. */
type Carrying<S extends CheckoutStatus, Has extends keyof CheckoutFields = never, May extends keyof CheckoutFields = never> = StateIn<CheckoutBase, CheckoutFields, S, Has, May>;

/** The gateway payment, once created: kept from then on (a manual payment has none). */
type GatewayPayment = 'gatewayPaymentId' | 'expiresAt';
/** An operator's refund to the wallet is credited before the checkout is cancelled. */
type OperatorCredit = 'refundedToWallet';

/** Opening the order, paying the wallet part, creating the gateway payment. */
export type CheckoutInitiating = Carrying<'initiating', never, OperatorCredit>;
/** The shopper pays: on the gateway's page (a gateway payment), or by hand (instructions). */
export type CheckoutAwaitingPayment = Carrying<'awaiting_payment', 'paymentAction', GatewayPayment | OperatorCredit>;
/** The gateway says paid; its own API is asked, and the transaction bound in the ledger. */
export type CheckoutVerifying = Carrying<'verifying', 'paymentAction' | GatewayPayment, OperatorCredit>;
/** Paid (or nothing to pay through a gateway): stock, points, then the order's confirmation. */
export type CheckoutFulfilling = Carrying<'fulfilling', never, 'paymentAction' | GatewayPayment | 'transactionId' | 'pointsAwarded'>;
/** Undoing what the steps did, last first, before the checkout is cancelled. */
export type CheckoutCompensating = Carrying<'compensating', never, 'paymentAction' | GatewayPayment | 'transactionId' | 'pointsAwarded' | 'refundedToWallet'>;
/** Parked for an operator, with what the status it parked in carried. */
export type CheckoutNeedsAttention = Carrying<'needs_attention', 'attention', 'paymentAction' | GatewayPayment | 'transactionId' | 'pointsAwarded' | 'refundedToWallet'>;
export type CheckoutConfirmed = Carrying<'confirmed', 'pointsAwarded', GatewayPayment | 'transactionId'>;
export type CheckoutCancelled = Carrying<'cancelled', 'cancelReason', GatewayPayment | 'transactionId' | 'pointsAwarded' | 'refundedToWallet'>;
/** Cancelled before anything was kept: no order exists for it. */
export type CheckoutRefused = Carrying<'cancelled', 'refusal'>;

/**
 * What a checkout saga shows of itself through its query and updates, one shape per status. The
 * query's JSON is read by running clients and replayed histories: a field keeps its name and its
 * meaning in every status that has it.
 */
export type CheckoutState =
  | CheckoutInitiating
  | CheckoutAwaitingPayment
  | CheckoutVerifying
  | CheckoutFulfilling
  | CheckoutCompensating
  | CheckoutNeedsAttention
  | CheckoutConfirmed
  | CheckoutCancelled
  | CheckoutRefused;

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
