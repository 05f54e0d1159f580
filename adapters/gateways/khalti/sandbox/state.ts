import { Countdown, FailNext, randomString, recordLookup, type SandboxState, sandboxState, statusExpiry } from '../../sandbox-kit/index.js';
import type { KhaltiSandboxOptions, KhaltiSandboxPayment, KhaltiSandboxRequest } from './types.js';

/** What the Khalti sandbox remembers, and the changes of a payment's state the API, the page and the controls share. */

export interface PaymentRecord {
  pidx: string;
  status: string;
  amount: number;
  totalAmount: number;
  transactionId: string | null;
  txnId: string | null;
  mobile: string | null;
  fee: number;
  refunded: boolean;
  refundedAmount?: number;
  purchaseOrderId: string;
  purchaseOrderName: string;
  returnUrl: string;
  websiteUrl: string;
  customerInfo?: unknown;
  amountBreakdown?: unknown;
  productDetails?: unknown;
  merchantExtras: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
}

export const FINAL_ON_400 = new Set(['Expired', 'User canceled']);
export const PAYABLE = new Set(['Initiated', 'Pending']);

export interface KhaltiState extends SandboxState<KhaltiSandboxOptions, KhaltiSandboxRequest> {
  readonly expiresInSeconds: number;
  readonly payments: Map<string, PaymentRecord>;
  readonly lostRefundAnswers: Countdown;
  current(pidx: string): PaymentRecord | undefined;
  existing(pidx: string): PaymentRecord;
  markCompleted(p: PaymentRecord, mobile: string, totalAmount?: number): void;
}

export function createKhaltiState(options: KhaltiSandboxOptions): KhaltiState {
  const base: SandboxState<KhaltiSandboxOptions, KhaltiSandboxRequest> = sandboxState(options, new FailNext(503));
  const payments = new Map<string, PaymentRecord>();
  /** Khalti reports an unpaid link past its expiry as Expired. */
  const { current, existing } = recordLookup(payments, 'pidx', statusExpiry(base.now, 'Initiated', 'Expired'));

  function markCompleted(p: PaymentRecord, mobile: string, totalAmount = p.amount): void {
    if (p.status !== 'Completed' || p.transactionId === null) {
      p.transactionId = newId();
      p.txnId = newId();
      p.mobile = mobile;
    }
    p.status = 'Completed';
    p.totalAmount = totalAmount;
    p.refunded = false;
  }

  return {
    ...base,
    expiresInSeconds: options.expiresInSeconds ?? 1800,
    payments,
    lostRefundAnswers: new Countdown(400),
    current,
    existing,
    markCompleted,
  };
}

/** 22 base62 characters, the shape of Khalti's pidx and transaction ids. */
export const newId = (): string => randomString(22);

/** `2023-05-25T16:26:16.471000+05:45`: Nepal time with microseconds, as Khalti writes `expires_at`. */
export function nepalTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + (5 * 60 + 45) * 60_000);
  return `${shifted.toISOString().slice(0, 23)}000+05:45`;
}

export function snapshot(p: PaymentRecord): KhaltiSandboxPayment {
  return structuredClone({ ...p, createdAt: p.createdAt.toISOString(), expiresAt: p.expiresAt.toISOString() });
}
