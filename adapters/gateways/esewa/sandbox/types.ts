import type { MountableSandbox } from '../../gateway-adapter.js';
import type { SandboxBaseOptions } from '../../sandbox-kit/index.js';

/** The eSewa sandbox's public shapes: its statuses, test merchant and wallets, the payments it reports, its controls and options. */

export const ESEWA_SANDBOX_STATUSES = ['PENDING', 'COMPLETE', 'FULL_REFUND', 'PARTIAL_REFUND', 'AMBIGUOUS', 'NOT_FOUND', 'CANCELED'] as const;
export type EsewaSandboxStatus = (typeof ESEWA_SANDBOX_STATUSES)[number];

/** eSewa's documented UAT merchant. */
export const ESEWA_TEST_MERCHANT = { productCode: 'EPAYTEST', secretKey: '8gBm/:&EnhH.1/q' } as const;

/** Documented UAT wallets 9806800001–9806800005, password Nepal@123, token 123456. */
export const ESEWA_TEST_CREDENTIALS = {
  esewaIds: ['9806800001', '9806800002', '9806800003', '9806800004', '9806800005'],
  password: 'Nepal@123',
  token: '123456',
} as const;

/** The documented timeout answer of the status API. */
export const ESEWA_UNAVAILABLE_BODY = '{"code":0,"error_message":"Service is currently unavailable"}';

export const ESEWA_SUCCESS_SIGNED_FIELDS = 'transaction_code,status,total_amount,transaction_uuid,product_code,signed_field_names';

export interface EsewaSandboxPayment {
  readonly transactionUuid: string;
  readonly productCode: string;
  readonly status: string;
  /** Form values as posted (rupee strings). */
  readonly amount: string;
  readonly taxAmount: string;
  readonly productServiceCharge: string;
  readonly productDeliveryCharge: string;
  readonly totalAmount: string;
  /** Paisa posted as `total_amount`. */
  readonly totalPaisa: number;
  /** Paisa eSewa reports in the redirect and the status API (a test may make it differ). */
  readonly reportedPaisa: number;
  /** eSewa's reference (`ref_id`, and `transaction_code` on the redirect); null unless paid. */
  readonly refId: string | null;
  readonly payer: string | null;
  readonly successUrl: string;
  readonly failureUrl: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** ISO-8601 UTC: a PENDING session past it reads as NOT_FOUND. */
  readonly expiresAt: string;
}

/** One call to the form endpoint or the status API, as received. */
export interface EsewaSandboxRequest {
  readonly at: string;
  readonly method: string;
  /** Path as received, including any mount prefix. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Form fields for the form endpoint; undefined for GETs. */
  readonly form?: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface EsewaSandboxControl {
  payments(): readonly EsewaSandboxPayment[];
  get(transactionUuid: string): EsewaSandboxPayment | undefined;
  /** Pays a PENDING payment as if the shopper had; `totalAmount` (paisa) makes eSewa report a different amount. */
  complete(transactionUuid: string, options?: { readonly totalAmount?: number; readonly payer?: string }): EsewaSandboxPayment;
  /** The shopper cancels on the hosted page. */
  cancel(transactionUuid: string): EsewaSandboxPayment;
  /** Forces any status, including ones eSewa has not documented. */
  setStatus(transactionUuid: string, status: EsewaSandboxStatus | (string & Record<never, never>)): EsewaSandboxPayment;
  /** Ends a PENDING session now: the status API says NOT_FOUND. */
  expire(transactionUuid: string): EsewaSandboxPayment;
  /** Where eSewa would send the browser now: the signed success URL when COMPLETE, else the failure URL. */
  returnUrl(transactionUuid: string): string;
  /** The next `count` status calls answer the documented outage body, with `httpStatus` (default 200). */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly EsewaSandboxRequest[];
  /** Forgets payments, sessions, the request log and pending failures. */
  reset(): void;
}

export interface EsewaSandboxOptions extends SandboxBaseOptions {
  /** Default `EPAYTEST`. */
  readonly productCode?: string;
  /** Default eSewa's UAT secret. */
  readonly secretKey?: string;
  /** How long a posted, unpaid session stays open. Undocumented by eSewa; default 1800. */
  readonly sessionSeconds?: number;
  /**
   * How `total_amount` is written in the success `data`: `"1000.0"` (string, as eSewa's
   * encoded example) or `1000.0` (a bare number, as its decoded example). Default string.
   */
  readonly successTotalAmountAs?: 'string' | 'number';
}

export type EsewaSandbox = MountableSandbox<EsewaSandboxControl>;

/** Paths under the mount, as on eSewa's hosts. */
export const ESEWA_FORM_PATH = '/api/epay/main/v2/form';
export const ESEWA_STATUS_PATH = '/api/epay/transaction/status/';
