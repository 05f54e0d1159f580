import type { MountableSandbox } from '../../gateway-adapter.js';
import type { LoggedCall, SandboxBaseOptions } from '../../sandbox-kit/index.js';

/** The PayPal sandbox's public shapes: its statuses, events and test buyer, the orders it reports, its controls and options. */

export const PAYPAL_SANDBOX_ORDER_STATUSES = ['CREATED', 'SAVED', 'APPROVED', 'VOIDED', 'COMPLETED', 'PAYER_ACTION_REQUIRED'] as const;
export const PAYPAL_SANDBOX_CAPTURE_STATUSES = ['COMPLETED', 'DECLINED', 'PARTIALLY_REFUNDED', 'PENDING', 'REFUNDED', 'FAILED'] as const;
export type PayPalSandboxCaptureStatus = (typeof PAYPAL_SANDBOX_CAPTURE_STATUSES)[number];
export const PAYPAL_SANDBOX_WEBHOOK_EVENTS = [
  'CHECKOUT.ORDER.APPROVED',
  'PAYMENT.CAPTURE.COMPLETED',
  'PAYMENT.CAPTURE.PENDING',
  'PAYMENT.CAPTURE.DENIED',
  'PAYMENT.CAPTURE.REFUNDED',
] as const;
export type PayPalSandboxWebhookEvent = (typeof PAYPAL_SANDBOX_WEBHOOK_EVENTS)[number];

/** The sandbox's test buyer, prefilled on the approval page. */
export const PAYPAL_SANDBOX_BUYER = { email: 'sb-buyer@personal.example.com', givenName: 'Test', surname: 'Buyer' } as const;

export interface PayPalSandboxMoney {
  readonly currency_code: string;
  readonly value: string;
}

export interface PayPalSandboxRefund {
  readonly id: string;
  readonly status: string;
  readonly amount: PayPalSandboxMoney;
  readonly customId?: string;
  readonly noteToPayer?: string;
  readonly createdAt: string;
}

export interface PayPalSandboxCapture {
  readonly id: string;
  readonly status: string;
  readonly amount: PayPalSandboxMoney;
  readonly refunds: readonly PayPalSandboxRefund[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PayPalSandboxOrder {
  readonly id: string;
  readonly status: string;
  readonly referenceId: string;
  readonly customId?: string;
  readonly description?: string;
  readonly amount: PayPalSandboxMoney;
  readonly returnUrl?: string;
  readonly cancelUrl?: string;
  readonly payer?: { readonly payerId: string; readonly email: string };
  /** The payer pressed Cancel on the approval page (PayPal leaves the status as it was). */
  readonly payerCancelled: boolean;
  readonly capture?: PayPalSandboxCapture;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** One call to the REST API, as received (Authorization kept so tests can assert it); the token request's form body is kept as text. */
export type PayPalSandboxRequest = LoggedCall;

export interface PayPalSandboxWebhookDelivery {
  readonly eventId: string;
  readonly eventType: string;
  readonly transmissionId: string;
  /** Exactly the bytes POSTed. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The receiver's HTTP status; `dropped` by `dropNextWebhooks`; `not_configured` without a webhookUrl; `error` when the POST failed. */
  readonly status: number | 'dropped' | 'not_configured' | 'error';
  readonly error?: string;
}

export interface PayPalNextCapture {
  /** Capture status to answer (default COMPLETED). */
  readonly status?: 'COMPLETED' | 'PENDING' | 'DECLINED';
  /** A captured amount different from the order's, e.g. "1.00". */
  readonly value?: string;
  /** Refuse the capture with this issue (HTTP 422), e.g. INSTRUMENT_DECLINED; the order stays APPROVED. */
  readonly error?: 'INSTRUMENT_DECLINED';
}

export interface PayPalSandboxControl {
  readonly webhookId: string;
  readonly certUrl: string;
  readonly certificatePem: string;
  orders(): readonly PayPalSandboxOrder[];
  get(orderId: string): PayPalSandboxOrder | undefined;
  /** The payer approves, as with the page's Approve button (sends CHECKOUT.ORDER.APPROVED). */
  approve(orderId: string, options?: { readonly payerId?: string }): PayPalSandboxOrder;
  /** The payer cancels, as with the page's Cancel button: the order keeps its status. */
  cancel(orderId: string): PayPalSandboxOrder;
  /** Forces an order status, including undocumented ones. */
  setStatus(orderId: string, status: string): PayPalSandboxOrder;
  /** Moves the order's capture (e.g. PENDING → COMPLETED) and, unless `notify` is false, sends the matching webhook. */
  setCaptureStatus(orderId: string, status: PayPalSandboxCaptureStatus, options?: { readonly notify?: boolean }): PayPalSandboxOrder;
  /** How the next capture of this order turns out. */
  nextCapture(orderId: string, outcome: PayPalNextCapture): void;
  /** Status of the next refund (default COMPLETED). */
  nextRefund(status: 'COMPLETED' | 'PENDING' | 'FAILED'): void;
  /** Moves a PENDING refund on, as PayPal does once the funds settle (sends PAYMENT.CAPTURE.REFUNDED when completed). */
  settleRefund(refundId: string, status: 'COMPLETED' | 'FAILED' | 'CANCELLED'): PayPalSandboxRefund;
  /** Voids an order that is not completed, as when its approval window passes. */
  expire(orderId: string): PayPalSandboxOrder;
  /** Forgets every access token: the next API call answers 401 invalid_token. */
  expireTokens(): void;
  /** The next `count` API calls answer `httpStatus` (default 503) with an HTML body, like an outage behind a proxy. */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly PayPalSandboxRequest[];
  webhooks(): readonly PayPalSandboxWebhookDelivery[];
  /** Sends a fresh event about the order's current state. */
  sendWebhook(orderId: string, eventType: PayPalSandboxWebhookEvent): Promise<PayPalSandboxWebhookDelivery>;
  /** Sends the first delivery of `eventId` again: the same body byte for byte, in a new transmission (fresh id, time and signature), as PayPal retries. */
  replayWebhook(eventId: string): Promise<PayPalSandboxWebhookDelivery>;
  /** The next `count` webhooks are signed and recorded but not sent. */
  dropNextWebhooks(count?: number): void;
  /** Resolves once every webhook POST under way has finished. */
  settled(): Promise<void>;
  /** Forgets orders, tokens, idempotency keys, logs, webhook deliveries and pending failures. */
  reset(): void;
}

export interface PayPalSandboxOptions extends SandboxBaseOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where webhooks are POSTed; none are sent without it. */
  readonly webhookUrl?: string;
  /** Our webhook subscription's id, part of every signature. */
  readonly webhookId?: string;
  /** Default 6 h. */
  readonly approvalWindowSeconds?: number;
  /** For webhook POSTs. */
  readonly fetch?: typeof fetch;
}

export type PayPalSandbox = MountableSandbox<PayPalSandboxControl>;
