import type { MountableSandbox } from '../../gateway-adapter.js';
import type { LoggedCall, SandboxBaseOptions } from '../../sandbox-kit/index.js';

/** The Khalti sandbox's public shapes: its statuses and test credentials, the payments it reports, its controls and options. */

export const KHALTI_SANDBOX_STATUSES = ['Initiated', 'Pending', 'Completed', 'Refunded', 'Partially Refunded', 'Expired', 'User canceled'] as const;
export type KhaltiSandboxStatus = (typeof KHALTI_SANDBOX_STATUSES)[number];

/** Documented test wallets 9800000000–9800000005, MPIN 1111 (OTP 987654 is not asked for here). */
export const KHALTI_TEST_CREDENTIALS = {
  khaltiIds: ['9800000000', '9800000001', '9800000002', '9800000003', '9800000004', '9800000005'],
  mpin: '1111',
  otp: '987654',
} as const;

/** Khalti refuses wallet checkouts under Rs 10. */
export const KHALTI_MIN_AMOUNT_PAISA = 1000;

export interface KhaltiSandboxPayment {
  readonly pidx: string;
  /** One of `KHALTI_SANDBOX_STATUSES`, or whatever a test set with `setStatus`. */
  readonly status: string;
  /** Paisa asked for at initiate. */
  readonly amount: number;
  /** Paisa Khalti reports in lookup and on the return URL (a test may make it differ). */
  readonly totalAmount: number;
  readonly transactionId: string | null;
  /** Bank-side transaction id sent as `txnId` on the return URL. */
  readonly txnId: string | null;
  /** Payer's Khalti ID, unmasked. */
  readonly mobile: string | null;
  readonly fee: number;
  readonly refunded: boolean;
  readonly purchaseOrderId: string;
  readonly purchaseOrderName: string;
  readonly returnUrl: string;
  readonly websiteUrl: string;
  readonly customerInfo?: unknown;
  readonly amountBreakdown?: unknown;
  readonly productDetails?: unknown;
  /** `merchant_*` keys sent at initiate; echoed on the return URL. */
  readonly merchantExtras: Readonly<Record<string, unknown>>;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** ISO-8601 UTC. */
  readonly expiresAt: string;
}

/** One call to the `/api/v2/` endpoints, as received (Authorization kept so tests can assert it). */
export type KhaltiSandboxRequest = LoggedCall;

export interface KhaltiSandboxControl {
  payments(): readonly KhaltiSandboxPayment[];
  get(pidx: string): KhaltiSandboxPayment | undefined;
  /** Pays an `Initiated`/`Pending` payment as if the shopper had; `totalAmount` lets Khalti report a different amount. */
  complete(pidx: string, options?: { readonly totalAmount?: number; readonly mobile?: string }): KhaltiSandboxPayment;
  /** Forces any status, including ones Khalti has not documented. */
  setStatus(pidx: string, status: KhaltiSandboxStatus | (string & Record<never, never>)): KhaltiSandboxPayment;
  /** Expires an `Initiated`/`Pending` payment now. */
  expire(pidx: string): KhaltiSandboxPayment;
  /** The next `count` API calls answer `httpStatus` (default 503) with an HTML body, like an outage behind a proxy. */
  failNext(count: number, httpStatus?: number): void;
  /**
   * The next `count` refund calls are carried out, but their answers are lost on the way back (a
   * 504 from a proxy that gave up waiting): the caller cannot tell the refund was made.
   */
  loseNextRefundAnswers(count: number): void;
  requests(): readonly KhaltiSandboxRequest[];
  /** Forgets payments, the request log and pending failures. */
  reset(): void;
}

export interface KhaltiSandboxOptions extends SandboxBaseOptions {
  readonly secretKey: string;
  /** Default 1800, as in Khalti's sandbox answers. */
  readonly expiresInSeconds?: number;
}

export type KhaltiSandbox = MountableSandbox<KhaltiSandboxControl>;
