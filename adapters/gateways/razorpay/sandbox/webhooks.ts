import { createHmac } from 'node:crypto';
import { deliveryOutcome, SandboxError, WebhookOutbox } from '../../sandbox-kit/index.js';
import { newEventId, type OrderRecord, orderEntity, type PaymentRecord, paymentEntity, type RefundRecord, refundEntity, unix } from './entities.js';
import { RAZORPAY_WEBHOOK_EVENTS, type RazorpaySandboxOptions, type RazorpayWebhookDelivery, type RazorpayWebhookEvent } from './types.js';

/** What an event is about: its payload's entities. */
export interface EventSubject {
  payment?: PaymentRecord;
  order?: OrderRecord;
  refund?: RefundRecord;
}

/** Webhooks signed like Razorpay's (`X-Razorpay-Signature`, `X-Razorpay-Event-Id`), POSTed to the configured `webhookUrl`. */
export class RazorpayWebhooks {
  readonly outbox: WebhookOutbox<RazorpayWebhookDelivery>;
  url: string | undefined;
  private readonly subscribed: ReadonlySet<string>;
  private readonly accountId: string;

  constructor(
    private readonly options: RazorpaySandboxOptions,
    private readonly now: () => Date,
  ) {
    this.outbox = new WebhookOutbox(options.fetch ?? globalThis.fetch);
    this.url = options.webhookUrl;
    this.subscribed = new Set<string>(options.webhookEvents ?? RAZORPAY_WEBHOOK_EVENTS);
    this.accountId = options.accountId ?? 'acc_SandboxAcct0001';
  }

  body(event: string, about: EventSubject): string {
    const payload: Record<string, unknown> = {};
    const contains: string[] = [];
    if (about.refund !== undefined) {
      payload['refund'] = { entity: refundEntity(about.refund) };
      contains.push('refund');
    }
    if (about.payment !== undefined) {
      payload['payment'] = { entity: paymentEntity(about.payment) };
      contains.push('payment');
    }
    if (about.order !== undefined) {
      payload['order'] = { entity: orderEntity(about.order) };
      contains.push('order');
    }
    return JSON.stringify({ entity: 'event', account_id: this.accountId, event, contains, payload, created_at: unix(this.now()) });
  }

  deliver(eventId: string, event: string, body: string): Promise<RazorpayWebhookDelivery> {
    const url = this.url;
    const secret = this.options.webhookSecret;
    if (url === undefined || secret === undefined) throw new SandboxError('no webhookUrl or webhookSecret configured');
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    const base = { eventId, event, url, body, signature, at: this.now().toISOString() };
    const headers = { 'content-type': 'application/json', 'user-agent': 'Razorpay-Webhook/v1', 'x-razorpay-signature': signature, 'x-razorpay-event-id': eventId };
    // Razorpay gives a receiver 5 s.
    return this.outbox.send({ url, headers, body, timeoutMs: 5000, redirect: 'manual' }, (answer) => ({ ...base, ...deliveryOutcome(answer) }));
  }

  /** Emits an event the "Dashboard" subscribes to, if webhooks are configured; never blocks the API answer. */
  emit(event: RazorpayWebhookEvent, about: EventSubject): void {
    if (!this.subscribed.has(event) || this.url === undefined || this.options.webhookSecret === undefined) return;
    void this.deliver(newEventId(), event, this.body(event, about));
  }
}
