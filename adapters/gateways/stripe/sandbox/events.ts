import { createHmac } from 'node:crypto';
import { WebhookOutbox } from '../../sandbox-kit/index.js';
import { STRIPE_API_VERSION } from '../client.js';
import { type EventRecord, type Json, randomId } from './records.js';
import type { StripeSandboxDelivery, StripeSandboxOptions } from './types.js';

/** Events as Stripe makes them, POSTed to the `webhookUrl` and signed `Stripe-Signature: t=…,v1=…` like Stripe signs them. */
export class StripeEvents {
  readonly outbox: WebhookOutbox<StripeSandboxDelivery>;
  /** Every event made so far; emptied, not replaced, on reset. */
  readonly list: EventRecord[] = [];
  /** Where events are POSTed; `undefined` keeps them undelivered. */
  url: string | undefined;

  constructor(
    private readonly options: StripeSandboxOptions,
    private readonly now: () => Date,
  ) {
    this.outbox = new WebhookOutbox(options.fetch ?? globalThis.fetch);
    this.url = options.webhookUrl;
  }

  /** Makes an event of `type` about `object`, logs it and sends it. */
  emit(type: string, object: Json, previous?: Json): EventRecord {
    const event = {
      id: `evt_${randomId(24)}`,
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: this.nowSeconds(),
      data: { object, ...(previous !== undefined && { previous_attributes: previous }) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    // Stripe sends events pretty-printed with two spaces.
    const record: EventRecord = { id: event.id, type, body: JSON.stringify(event, null, 2) };
    this.list.push(record);
    void this.deliver(record);
    return record;
  }

  /** Sends an event, new or made before, freshly signed. */
  deliver(event: EventRecord): Promise<StripeSandboxDelivery> {
    const webhookUrl = this.url;
    const at = this.now().toISOString();
    const base = { eventId: event.id, type: event.type, at, url: webhookUrl ?? null };
    if (webhookUrl === undefined) return this.outbox.send(undefined, (answer) => ({ ...base, outcome: answer === 'dropped' ? 'dropped' : 'no_endpoint' }));
    const signatureHeader = signStripePayload(event.body, this.options.webhookSecret, this.nowSeconds());
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signatureHeader,
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'cache-control': 'no-cache',
      accept: '*/*; q=0.5, application/xml',
    };
    return this.outbox.send({ url: webhookUrl, headers, body: event.body, timeoutMs: 10_000 }, (answer): StripeSandboxDelivery => {
      if (answer === 'dropped') return { ...base, outcome: 'dropped' };
      if ('error' in answer) return { ...base, outcome: 'failed', error: answer.error, signatureHeader };
      return { ...base, outcome: answer.status >= 200 && answer.status < 300 ? 'delivered' : 'failed', httpStatus: answer.status, signatureHeader };
    });
  }

  private nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}

/**
 * `Stripe-Signature` for `payload` as Stripe computes it: `t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<payload>" under the endpoint secret, used as-is>`.
 */
export function signStripePayload(payload: string | Buffer, endpointSecret: string, timestamp: number): string {
  const signature = createHmac('sha256', endpointSecret).update(`${timestamp}.`).update(payload).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
