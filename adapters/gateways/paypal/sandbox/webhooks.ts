import { randomUUID, sign } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { SandboxError, type WebhookAnswer } from '../../sandbox-kit/index.js';
import { isoSeconds, newId, type OrderRecord } from './records.js';
import type { paypalRepresentations } from './representations.js';
import type { PayPalState } from './state.js';
import type { PayPalSandboxWebhookDelivery, PayPalSandboxWebhookEvent } from './types.js';

/** The webhooks PayPal would send about an order, signed like PayPal's with the sandbox's own certificate. */
export interface PayPalWebhooks {
  /** Sends a fresh event about the order's current state. */
  emit(o: OrderRecord, type: PayPalSandboxWebhookEvent): Promise<PayPalSandboxWebhookDelivery>;
  /** POSTs `body` with `headers`, or logs it dropped or unsent. */
  post(eventId: string, eventType: string, body: string, headers: Record<string, string>): Promise<PayPalSandboxWebhookDelivery>;
  /** A new transmission's headers: RSA-SHA256 over `transmissionId|transmissionTime|webhookId|crc32(body)`. */
  signedHeaders(body: string): Record<string, string>;
}

export function paypalWebhooks(state: PayPalState, json: ReturnType<typeof paypalRepresentations>): PayPalWebhooks {
  const { options, now, publicBaseUrl, webhookId, identity, certUrl, outbox } = state;
  const { orderJson, captureJson, refundJson } = json;

  function webhookEvent(o: OrderRecord, type: PayPalSandboxWebhookEvent): Record<string, unknown> {
    const id = `WH-${newId(17)}-${newId(17)}`;
    let resourceType: string;
    let resource: Record<string, unknown>;
    let summary: string;
    const c = o.capture;
    if (type === 'CHECKOUT.ORDER.APPROVED') {
      resourceType = 'checkout-order';
      resource = orderJson(o, true);
      summary = 'An order has been approved by buyer';
    } else {
      if (c === undefined) throw new SandboxError(`order ${o.id} has no capture to send ${type} about`);
      if (type === 'PAYMENT.CAPTURE.REFUNDED') {
        const refund = c.refunds.at(-1);
        if (refund === undefined) throw new SandboxError(`order ${o.id} has no refund to send ${type} about`);
        resourceType = 'refund';
        resource = refundJson(c, refund);
        summary = `A ${refund.amount.value} ${refund.amount.currency_code} capture payment was refunded`;
      } else {
        resourceType = 'capture';
        resource = captureJson(o, c, true);
        summary =
          type === 'PAYMENT.CAPTURE.COMPLETED'
            ? `Payment completed for ${c.amount.value} ${c.amount.currency_code}`
            : type === 'PAYMENT.CAPTURE.DENIED'
              ? `A ${c.amount.value} ${c.amount.currency_code} capture payment was denied`
              : `Payment pending for ${c.amount.value} ${c.amount.currency_code}`;
      }
    }
    return {
      id,
      event_version: '1.0',
      create_time: isoSeconds(now()),
      resource_type: resourceType,
      resource_version: '2.0',
      event_type: type,
      summary,
      resource,
      links: [
        { href: `${publicBaseUrl}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
        { href: `${publicBaseUrl}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
      ],
    };
  }

  function signedHeaders(body: string): Record<string, string> {
    const transmissionId = randomUUID();
    const transmissionTime = isoSeconds(now());
    const message = `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(Buffer.from(body, 'utf8')) >>> 0}`;
    return {
      'content-type': 'application/json',
      'paypal-transmission-id': transmissionId,
      'paypal-transmission-time': transmissionTime,
      'paypal-transmission-sig': sign('sha256', Buffer.from(message, 'utf8'), identity.privateKey).toString('base64'),
      'paypal-cert-url': certUrl,
      'paypal-auth-algo': 'SHA256withRSA',
    };
  }

  function post(eventId: string, eventType: string, body: string, headers: Record<string, string>): Promise<PayPalSandboxWebhookDelivery> {
    const base = { eventId, eventType, transmissionId: headers['paypal-transmission-id'] ?? '', body, headers };
    const url = options.webhookUrl;
    return outbox.send(url === undefined ? undefined : { url, headers, body, timeoutMs: 10_000 }, (answer) => ({ ...base, ...deliveryStatus(answer) }));
  }

  function emit(o: OrderRecord, type: PayPalSandboxWebhookEvent): Promise<PayPalSandboxWebhookDelivery> {
    const event = webhookEvent(o, type);
    const body = JSON.stringify(event);
    return post(String(event['id']), type, body, signedHeaders(body));
  }

  return { emit, post, signedHeaders };
}

export const captureEvent = (status: string): PayPalSandboxWebhookEvent | undefined =>
  status === 'COMPLETED' ? 'PAYMENT.CAPTURE.COMPLETED' : status === 'PENDING' ? 'PAYMENT.CAPTURE.PENDING' : status === 'DECLINED' ? 'PAYMENT.CAPTURE.DENIED' : undefined;

/** How a delivery is logged: the receiver's status, or why there is none. */
function deliveryStatus(answer: WebhookAnswer): { readonly status: PayPalSandboxWebhookDelivery['status']; readonly error?: string } {
  if (answer === 'dropped') return { status: 'dropped' };
  if (answer === 'unsent') return { status: 'not_configured' };
  return 'status' in answer ? { status: answer.status } : { status: 'error', error: answer.error };
}
