import Stripe from 'stripe';
import { z } from 'zod';
import type { GatewayEvent, WebhookError, WebhookVerifier } from '../../../src/payments/ports/payment-gateway.js';
import { domainError, err, ok, type Result } from '../../../src/shared/result.js';
import { headerValue, malformedBody } from '../webhook-input.js';
import { ORDER_ID_METADATA_KEY } from './gateway.js';

/** Stripe's (and the SDK's) default: a signature older than this is a replay. */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

/** What a verified Stripe event says, beyond `GatewayEvent`. */
export interface StripeGatewayEvent extends GatewayEvent {
  readonly gateway: 'stripe';
  /** `evt_…`: deliveries are at least once, so this is the dedupe key. */
  readonly eventId: string;
  /** `checkout.session.completed`, `payment_intent.succeeded`, `charge.refunded`, … */
  readonly type: string;
  /** The event's object: `checkout.session`, `payment_intent`, `charge`, `refund`, … */
  readonly objectType: string;
  readonly objectId: string;
  /** Our order id from `client_reference_id` or `metadata.order_id`, when the object carries it. */
  readonly orderId?: string;
  /** The PaymentIntent the object belongs to, when it names one. */
  readonly paymentIntentId?: string;
  /** Unix seconds. */
  readonly created: number;
  readonly livemode: boolean;
}

const eventSchema = z.object({
  id: z.string().min(1),
  object: z.literal('event'),
  type: z.string().min(1),
  created: z.number().int(),
  livemode: z.boolean(),
  data: z.object({
    object: z
      .object({
        id: z.string().min(1),
        object: z.string().min(1),
        status: z.string().nullable().optional(),
        payment_status: z.string().nullable().optional(),
        client_reference_id: z.string().nullable().optional(),
        metadata: z.record(z.string(), z.string()).nullable().optional(),
        payment_intent: z
          .union([z.string(), z.object({ id: z.string() })])
          .nullable()
          .optional(),
      })
      .loose(),
  }),
});

export interface StripeWebhookVerifierOptions {
  /** The endpoint's signing secret, `whsec_…`, exactly as Stripe shows it. */
  readonly endpointSecret: string;
  /** Seconds; default 300. Must be positive: 0 would switch the timestamp check off. */
  readonly toleranceSeconds?: number;
  readonly now?: () => Date;
}

/**
 * Verifies `Stripe-Signature: t=…,v1=…` with the SDK's `webhooks.constructEventAsync`:
 * HMAC-SHA256 of `t.` + the raw body under the endpoint secret, any `v1` matching in constant
 * time, and `t` no older than the tolerance. The body must be the bytes as received: a
 * re-serialised body no longer matches.
 */
export class StripeWebhookVerifier implements WebhookVerifier {
  readonly #secret: string;
  readonly #tolerance: number;
  readonly #now: () => Date;

  constructor(options: StripeWebhookVerifierOptions) {
    if (options.endpointSecret.trim() === '') throw new Error('Stripe webhook endpoint secret is empty');
    // The SDK only warns about whitespace; a secret pasted with a newline never verifies anything.
    if (/\s/.test(options.endpointSecret)) throw new Error('Stripe webhook endpoint secret contains whitespace');
    const tolerance = options.toleranceSeconds ?? STRIPE_WEBHOOK_TOLERANCE_SECONDS;
    if (!Number.isSafeInteger(tolerance) || tolerance <= 0) throw new Error(`Stripe webhook tolerance must be a positive number of seconds, got ${tolerance}`);
    this.#secret = options.endpointSecret;
    this.#tolerance = tolerance;
    this.#now = options.now ?? (() => new Date());
  }

  async verify(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<Result<StripeGatewayEvent, WebhookError>> {
    const signature = headerValue(headers, 'stripe-signature');
    if (signature === undefined || signature.trim() === '') {
      return err(domainError('webhooks.invalid_signature', 'Stripe webhook: no Stripe-Signature header'));
    }
    let event: unknown;
    try {
      event = await Stripe.webhooks.constructEventAsync(rawBody, signature, this.#secret, this.#tolerance, undefined, this.#now().getTime());
    } catch (e) {
      if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
        return err(domainError('webhooks.invalid_signature', `Stripe webhook: ${firstLine(e.message)}`));
      }
      // Verified, but the body is not JSON (parsePayload threw).
      if (e instanceof SyntaxError) return err(domainError('webhooks.malformed', 'Stripe webhook: body is not JSON'));
      throw e;
    }
    const parsed = eventSchema.safeParse(event);
    if (!parsed.success) {
      return malformedBody('Stripe webhook', parsed.error, 'event');
    }
    return ok(toGatewayEvent(parsed.data));
  }
}

function toGatewayEvent(event: z.infer<typeof eventSchema>): StripeGatewayEvent {
  const object = event.data.object;
  const isSession = object.object === 'checkout.session';
  const orderId = object.client_reference_id ?? object.metadata?.[ORDER_ID_METADATA_KEY] ?? undefined;
  const paymentIntentId =
    object.object === 'payment_intent' ? object.id : typeof object.payment_intent === 'string' ? object.payment_intent : (object.payment_intent?.id ?? undefined);
  // Sessions say `payment_status` (paid/unpaid); everything else has a `status`.
  const claimedStatus = (isSession ? object.payment_status : object.status) ?? undefined;
  return {
    gateway: 'stripe',
    eventId: event.id,
    type: event.type,
    // Our payments are keyed by session id; events about a PaymentIntent or Charge are found by order id.
    ...(isSession && { gatewayPaymentId: object.id }),
    ...(claimedStatus !== undefined && claimedStatus !== null && { claimedStatus }),
    objectType: object.object,
    objectId: object.id,
    ...(orderId !== undefined && orderId !== '' && { orderId }),
    ...(paymentIntentId !== undefined && { paymentIntentId }),
    created: event.created,
    livemode: event.livemode,
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
