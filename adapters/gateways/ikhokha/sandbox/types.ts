import type { MountableSandbox } from '../../gateway-adapter.js';
import type { LoggedCall, OutboxControls, SandboxBaseOptions, SignedDelivery } from '../../sandbox-kit/index.js';

/** The iKhokha sandbox's public shapes: its statuses, the paylinks and callbacks it reports, its controls and options. */

export const IKHOKHA_SANDBOX_STATUSES = ['PENDING', 'PAID', 'FAILURE', 'CANCELLED', 'EXPIRED'] as const;
export type IkhokhaSandboxStatus = (typeof IKHOKHA_SANDBOX_STATUSES)[number];

/** Path of the API under the sandbox's mount path, as on `api.ikhokha.com`. */
export const IKHOKHA_SANDBOX_API_PATH = '/public-api/v1/api';

/** How callbacks are signed: over the raw body, or over the body re-serialised without `text`. */
export type IkhokhaSandboxSignatureScheme = 'raw' | 'text_stripped';

export interface IkhokhaSandboxPaylink {
  readonly paylinkID: string;
  /** One of `IKHOKHA_SANDBOX_STATUSES`, or whatever a test set with `setStatus`. */
  readonly status: string;
  /** Cents asked for at creation. */
  readonly amount: number;
  /** Cents `getStatus` reports once paid (a test may make it differ). */
  readonly paidAmount: number | null;
  readonly currency: string;
  readonly entityID: string;
  readonly mode: string;
  readonly description: string | null;
  readonly paymentReference: string | null;
  readonly externalTransactionID: string;
  readonly requesterUrl: string;
  readonly urls: { readonly callbackUrl: string; readonly successPageUrl: string; readonly failurePageUrl: string; readonly cancelUrl: string };
  readonly paylinkUrl: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** One API call as received (headers kept so tests can assert them). */
export interface IkhokhaSandboxRequest extends LoggedCall {
  /** Exactly the bytes received, as UTF-8 text. */
  readonly rawBody: string;
}

/** One callback POST (or a dropped one). `body` is the exact bytes sent. */
export interface IkhokhaWebhookDelivery extends SignedDelivery {
  readonly deliveryId: string;
  readonly paylinkID: string;
  readonly status: string;
  readonly scheme: IkhokhaSandboxSignatureScheme;
}

export interface IkhokhaSandboxControl extends OutboxControls<IkhokhaSandboxRequest, IkhokhaWebhookDelivery> {
  paylinks(): readonly IkhokhaSandboxPaylink[];
  get(paylinkId: string): IkhokhaSandboxPaylink | undefined;
  /** Pays a `PENDING` paylink as the shopper would (callback `SUCCESS`); `amount` makes `getStatus` report another amount. */
  pay(paylinkId: string, options?: { readonly amount?: number }): IkhokhaSandboxPaylink;
  /** The card was declined: `FAILURE`, callback `FAILURE`. */
  decline(paylinkId: string): IkhokhaSandboxPaylink;
  /** The shopper cancelled: `CANCELLED`, no callback. */
  cancel(paylinkId: string): IkhokhaSandboxPaylink;
  /** Forces any status, including ones iKhokha has never been seen to send. */
  setStatus(paylinkId: string, status: string): IkhokhaSandboxPaylink;
  /** Expires a `PENDING` paylink now. */
  expire(paylinkId: string): IkhokhaSandboxPaylink;
  /** Where callbacks go instead of each paylink's `callbackUrl`; `undefined` to use `callbackUrl` again. */
  setWebhookUrl(url: string | undefined): void;
  setWebhookSignatureScheme(scheme: IkhokhaSandboxSignatureScheme): void;
  /** Sends a callback about a paylink now (status: its `SUCCESS`/`FAILURE` reading of the paylink, unless given). */
  sendWebhook(paylinkId: string, status?: string): Promise<IkhokhaWebhookDelivery>;
  /** Sends an earlier delivery again: same URL, body and signature. */
  replayWebhook(deliveryId: string): Promise<IkhokhaWebhookDelivery>;
  /** Forgets paylinks, logs, pending failures and drops (keeps the webhook URL and scheme). */
  reset(): void;
}

export interface IkhokhaSandboxOptions extends SandboxBaseOptions {
  /** The `IK-APPID` the sandbox accepts. */
  readonly appId: string;
  /** Keys `IK-SIGN` on requests and callbacks. */
  readonly appSecret: string;
  /** Overrides every paylink's `callbackUrl` as the callback target. */
  readonly webhookUrl?: string;
  /** Default `raw`. */
  readonly webhookSignatureScheme?: IkhokhaSandboxSignatureScheme;
  /** Callbacks on pay and decline; default true. */
  readonly sendWebhooks?: boolean;
  /** Unpaid paylinks read `EXPIRED` after this long. Default 1800. */
  readonly paylinkLifetimeSeconds?: number;
  readonly fetch?: typeof fetch;
}

export type IkhokhaSandbox = MountableSandbox<IkhokhaSandboxControl>;
