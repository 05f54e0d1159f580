import { createHash } from 'node:crypto';
import { z } from 'zod';
import { domainError, err, ok, type Result } from '../../../src/shared/result.js';
import { headerValue, malformedBody, webhookJson } from '../webhook-input.js';
import type { GatewayEvent, WebhookError, WebhookVerifier } from '../../../src/payments/ports/payment-gateway.js';
import { razorpaySignature, sameRazorpaySignature } from './signature.js';

const entity = <T extends z.ZodRawShape>(shape: T) => z.object({ entity: z.looseObject(shape) });

export const razorpayWebhookSchema = z.object({
  entity: z.literal('event').optional(),
  account_id: z.string().optional(),
  event: z.string().min(1),
  contains: z.array(z.string()).optional(),
  payload: z.looseObject({
    payment: entity({ id: z.string().min(1), order_id: z.string().nullish(), status: z.string().min(1) }).optional(),
    order: entity({ id: z.string().min(1), status: z.string().min(1) }).optional(),
    refund: entity({ id: z.string().min(1), payment_id: z.string().min(1), status: z.string().min(1) }).optional(),
  }),
  created_at: z.number().int().optional(),
});
export type RazorpayWebhook = z.infer<typeof razorpayWebhookSchema>;

export interface RazorpayGatewayEvent extends GatewayEvent {
  readonly gateway: 'razorpay';
  readonly paymentId?: string;
  readonly refundId?: string;
  /** `X-Razorpay-Event-Id` as sent: unsigned, so for logs only, never the dedupe key. */
  readonly headerEventId?: string;
}

/**
 * The key a Razorpay webhook is stored under: the SHA-256 of the signed raw body. The signature
 * covers the body and nothing else, so the unsigned `X-Razorpay-Event-Id` header could be changed
 * at will to replay one signed body as "new" events. Razorpay resends an event's original bytes
 * (retries for 24 h; Dashboard replays "exactly as they were originally generated",
 * razorpay.com/docs/webhooks/replay-events), and two distinct events differ in `event`,
 * the entity or `created_at`. Should a retry ever carry other bytes, the cost is a second hint
 * to a saga that already dedupes on the payment — nothing is lost.
 */
export function razorpayEventId(rawBody: Buffer | string): string {
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/**
 * Verifies Razorpay webhooks: `X-Razorpay-Signature` is the hex HMAC-SHA256 of the raw body
 * with the webhook secret (set in the Dashboard; not the API key secret). The event id is
 * `razorpayEventId(rawBody)`, derived from what the signature covers; `X-Razorpay-Event-Id` is
 * unsigned and only kept as `headerEventId` for diagnostics.
 *
 * `gatewayPaymentId` is the Razorpay order id (ours for the payment); `claimedStatus` is the
 * refund's status for refund events and the payment's (or order's) otherwise. Delivery order is
 * not guaranteed, so the event is only a reason to look the order up.
 */
export class RazorpayWebhookVerifier implements WebhookVerifier {
  readonly #secret: string;

  constructor(options: { readonly webhookSecret: string }) {
    if (options.webhookSecret.trim() === '') throw new Error('Razorpay webhook secret is empty');
    this.#secret = options.webhookSecret;
  }

  async verify(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<Result<RazorpayGatewayEvent, WebhookError>> {
    const signature = headerValue(headers, 'x-razorpay-signature');
    if (signature === undefined || signature.trim() === '') {
      return err(domainError('webhooks.invalid_signature', 'Razorpay webhook: X-Razorpay-Signature is missing'));
    }
    if (!sameRazorpaySignature(signature, razorpaySignature(this.#secret, rawBody))) {
      return err(domainError('webhooks.invalid_signature', 'Razorpay webhook: signature does not match the body'));
    }
    const json = webhookJson('Razorpay webhook', rawBody);
    if (!json.ok) return json;
    const parsed = razorpayWebhookSchema.safeParse(json.value);
    if (!parsed.success) {
      return malformedBody('Razorpay webhook', parsed.error, 'body');
    }
    const { event, payload } = parsed.data;
    const payment = payload.payment?.entity;
    const order = payload.order?.entity;
    const refund = payload.refund?.entity;
    const headerId = headerValue(headers, 'x-razorpay-event-id')?.trim().slice(0, 64);
    const gatewayPaymentId = order?.id ?? payment?.order_id ?? undefined;
    const claimedStatus = refund?.status ?? payment?.status ?? order?.status;
    const paymentId = payment?.id ?? refund?.payment_id;
    return ok({
      gateway: 'razorpay',
      eventId: razorpayEventId(rawBody),
      type: event,
      ...(gatewayPaymentId !== undefined && { gatewayPaymentId }),
      ...(claimedStatus !== undefined && { claimedStatus }),
      ...(paymentId !== undefined && { paymentId }),
      ...(refund !== undefined && { refundId: refund.id }),
      ...(headerId !== undefined && headerId !== '' && { headerEventId: headerId }),
    });
  }
}
