import { deliveryOutcome, WebhookOutbox } from '../../sandbox-kit/index.js';
import { pathOf, sign } from './signature.js';
import { type IkhokhaState, newId, type PaylinkRecord } from './state.js';
import type { IkhokhaSandboxSignatureScheme, IkhokhaWebhookDelivery } from './types.js';

/** Callbacks POSTed with `ik-appid` / `ik-sign` to the paylink's `callbackUrl`, or to the configured webhook URL. */
export class IkhokhaCallbacks {
  readonly outbox: WebhookOutbox<IkhokhaWebhookDelivery>;
  /** Where callbacks go instead of each paylink's `callbackUrl`. */
  url: string | undefined;
  scheme: IkhokhaSandboxSignatureScheme;

  constructor(private readonly state: IkhokhaState) {
    this.outbox = new WebhookOutbox(state.options.fetch ?? globalThis.fetch);
    this.url = state.options.webhookUrl;
    this.scheme = state.options.webhookSignatureScheme ?? 'raw';
  }

  /** SUCCESS / FAILURE: the only callback statuses anyone reports. */
  statusOf(p: PaylinkRecord): string {
    return p.status === 'PAID' ? 'SUCCESS' : 'FAILURE';
  }

  /** Sends a callback about `p` now, signed by the current scheme. */
  send(p: PaylinkRecord, status: string): Promise<IkhokhaWebhookDelivery> {
    const url = this.url ?? p.urls.callbackUrl;
    const { body, stripped } = callbackBody(p, status);
    const signed = this.scheme === 'raw' ? body : stripped;
    const signature = sign(this.state.options.appSecret, pathOf(url), signed);
    return this.deliver({ deliveryId: `whd_${newId(16)}`, paylinkID: p.paylinkID, status, url, body, signature, scheme: this.scheme });
  }

  /** A callback on pay or decline, unless the sandbox was told to send none. */
  emit(p: PaylinkRecord, status: string): void {
    if (this.state.options.sendWebhooks ?? true) void this.send(p, status);
  }

  /** POSTs a callback, new or sent before. */
  deliver(base: Omit<IkhokhaWebhookDelivery, 'outcome' | 'at' | 'error'>): Promise<IkhokhaWebhookDelivery> {
    const at = this.state.now().toISOString();
    const headers = { 'content-type': 'application/json', 'ik-appid': this.state.options.appId, 'ik-sign': base.signature };
    return this.outbox.send({ url: base.url, headers, body: base.body, timeoutMs: 5000, redirect: 'manual' }, (answer) => ({ ...base, at, ...deliveryOutcome(answer) }));
  }
}

function callbackBody(p: PaylinkRecord, status: string): { body: string; stripped: string } {
  const success = status === 'SUCCESS';
  const fields = {
    paylinkID: p.paylinkID,
    status,
    externalTransactionID: p.externalTransactionID,
    responseCode: success ? '00' : '05',
  };
  const text = success ? 'Payment successful' : status === 'FAILURE' ? 'Payment declined' : `Payment ${status.toLowerCase()}`;
  return { body: JSON.stringify({ ...fields, text }), stripped: JSON.stringify(fields) };
}
