import { z } from 'zod';

// --- What we read back, parsed with zod: only the fields the adapter uses --------------------------

const metadataSchema = z.record(z.string(), z.string()).nullable().optional();

/** A card as Stripe shows it: never more than brand, last four and expiry (no number is ever sent). */
export const stripeCardSchema = z.object({
  brand: z.string().nullable().optional(),
  last4: z.string().nullable().optional(),
  exp_month: z.number().int().nullable().optional(),
  exp_year: z.number().int().nullable().optional(),
  wallet: z.object({ type: z.string() }).nullable().optional(),
});
export type StripeCard = z.infer<typeof stripeCardSchema>;

export const stripePaymentMethodSchema = z.object({
  id: z.string().min(1),
  object: z.literal('payment_method'),
  type: z.string(),
  /** The Customer it is attached to, or `null`. */
  customer: z
    .union([z.string(), z.object({ id: z.string() })])
    .nullable()
    .optional(),
  card: stripeCardSchema.nullable().optional(),
});
export type StripePaymentMethod = z.infer<typeof stripePaymentMethodSchema>;

export const stripeCustomerSchema = z.object({
  id: z.string().min(1),
  object: z.literal('customer'),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});
export type StripeCustomer = z.infer<typeof stripeCustomerSchema>;

export const stripeChargeSchema = z.object({
  id: z.string().min(1),
  object: z.literal('charge'),
  amount: z.number().int().nonnegative(),
  amount_refunded: z.number().int().nonnegative(),
  refunded: z.boolean(),
  currency: z.string().min(3),
  status: z.string(),
  payment_intent: z.string().nullable().optional(),
  /** How it was paid: for cards, the brand, last four and the wallet it came through. */
  payment_method_details: z.object({ type: z.string(), card: stripeCardSchema.nullable().optional() }).nullable().optional(),
});
export type StripeCharge = z.infer<typeof stripeChargeSchema>;

export const stripePaymentIntentSchema = z.object({
  id: z.string().min(1),
  object: z.literal('payment_intent'),
  /** One of Stripe's documented PaymentIntent statuses, or a newer one. */
  status: z.string().min(1),
  amount: z.number().int().nonnegative(),
  amount_received: z.number().int().nonnegative(),
  currency: z.string().min(3),
  /** An id, or the Charge itself when expanded. */
  latest_charge: z.union([z.string(), stripeChargeSchema]).nullable().optional(),
  metadata: metadataSchema,
  /** An id, or the PaymentMethod when expanded. */
  payment_method: z.union([z.string(), stripePaymentMethodSchema]).nullable().optional(),
  customer: z
    .union([z.string(), z.object({ id: z.string() })])
    .nullable()
    .optional(),
  /** `off_session` / `on_session` when the method is being kept for the customer. */
  setup_future_usage: z.string().nullable().optional(),
  /** With `requires_action`: where the shopper completes authentication. */
  next_action: z
    .object({ type: z.string(), redirect_to_url: z.object({ url: z.string().nullable().optional() }).nullable().optional() })
    .nullable()
    .optional(),
});
export type StripePaymentIntent = z.infer<typeof stripePaymentIntentSchema>;

export const stripeCheckoutSessionSchema = z.object({
  id: z.string().min(1),
  object: z.literal('checkout.session'),
  /** `open` | `complete` | `expired`; `null` on very old sessions. */
  status: z.string().nullable(),
  /** `paid` | `unpaid` | `no_payment_required`. */
  payment_status: z.string(),
  /** Hosted page; `null` once the session is complete or expired. */
  url: z.string().nullable().optional(),
  amount_total: z.number().int().nonnegative().nullable(),
  currency: z.string().min(3).nullable(),
  client_reference_id: z.string().nullable().optional(),
  metadata: metadataSchema,
  /** Unix seconds. */
  expires_at: z.number().int(),
  /** `null` until the shopper confirms (recent API versions); an id, or the object when expanded. */
  payment_intent: z.union([z.string(), stripePaymentIntentSchema]).nullable(),
});
export type StripeCheckoutSession = z.infer<typeof stripeCheckoutSessionSchema>;

export const stripeRefundSchema = z.object({
  id: z.string().min(1),
  object: z.literal('refund'),
  amount: z.number().int().nonnegative(),
  currency: z.string().min(3),
  /** `pending` | `requires_action` | `succeeded` | `failed` | `canceled`; nullable in Stripe's spec. */
  status: z.string().nullable(),
  payment_intent: z.string().nullable().optional(),
  charge: z.string().nullable().optional(),
  failure_reason: z.string().nullable().optional(),
  metadata: metadataSchema,
});
export type StripeRefund = z.infer<typeof stripeRefundSchema>;
