/**
 * What the storefront's routes answer, as schemas: the OpenAPI document describes the answers
 * with them, so the typed client (`clients/typescript`) knows their fields. An API test parses
 * real answers with them, so they stay true. Objects are open: a field added later does not
 * break a client generated before it.
 */
import { z } from 'zod';

const int = z.number().int();
export const moneyView = z.object({ amountMinor: int, currency: z.string() });
const instant = z.string().describe('ISO-8601');

/** Where the shopper goes to pay: a redirect, a form to post, or instructions (cash on delivery, bank transfer). */
export const paymentActionView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('redirect'), url: z.string() }),
  z.object({ type: z.literal('form_post'), url: z.string(), fields: z.record(z.string(), z.string()) }),
  z.object({ type: z.literal('instructions'), method: z.string(), reference: z.string(), text: z.string(), approveBy: instant }),
]);

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const catalogView = z.object({
  currency: z.string(),
  /** Every currency the shop sells in, its default first. */
  currencies: z.array(z.string()),
  items: z.array(z.object({ sku: z.string(), name: z.string(), priceMinor: int, currency: z.string(), available: int })),
});

export const quoteView = z.object({
  lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: int, unitPrice: moneyView, lineTotal: moneyView })),
  subtotal: moneyView,
  pointsRedeemed: int,
  discount: moneyView,
  delivery: moneyView,
  deliveryOption: z.string(),
  deliveryZone: z.string(),
  tax: moneyView,
  total: moneyView,
});

export const cartView = z.object({
  version: int,
  lines: z.array(
    z.object({
      sku: z.string(),
      quantity: int,
      name: z.string().optional(),
      unitPriceMinor: int.optional(),
      lineTotalMinor: int.optional(),
      currency: z.string().optional(),
      available: int.optional(),
      problem: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
  quote: quoteView.optional(),
  problems: z.array(z.object({ code: z.string(), message: z.string() })),
});

const shipmentView = z.object({ carrier: z.string(), trackingNumber: z.string() });

export const checkoutView = z.object({
  orderId: z.string(),
  orderStatus: z.string(),
  checkoutStatus: z.string(),
  gateway: z.string(),
  amount: moneyView,
  subtotal: moneyView.optional(),
  lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: int, unitPriceMinor: int, lineTotalMinor: int })),
  paymentAction: paymentActionView.optional(),
  /** The hosted page's URL when the action is a redirect. */
  redirectUrl: z.string().optional(),
  transactionId: z.string().optional(),
  expiresAt: instant.optional(),
  cancelReason: z.string().optional(),
  pointsAwarded: int.optional(),
  refundedToWallet: moneyView.optional(),
  attention: z.object({ code: z.string() }).optional(),
  fulfilmentStatus: z.string(),
  shipment: shipmentView.optional(),
  links: z.object({ self: z.string() }),
});

/** What an unauthenticated browser return shows: the verified outcome only. */
export const returnView = checkoutView.pick({
  orderId: true,
  orderStatus: true,
  checkoutStatus: true,
  gateway: true,
  amount: true,
  transactionId: true,
  cancelReason: true,
  pointsAwarded: true,
  refundedToWallet: true,
  links: true,
});

export const orderSummaryView = z.object({
  orderId: z.string(),
  status: z.string(),
  gateway: z.string(),
  totalMinor: int,
  currency: z.string(),
  placedAt: instant,
  fulfilmentStatus: z.string(),
  shipment: shipmentView.optional(),
});

export const walletView = z.object({ balance: moneyView });

export const walletEntryView = z.object({
  id: z.string(),
  kind: z.string(),
  amountMinor: int,
  currency: z.string(),
  orderId: z.string().optional(),
  refundId: z.string().optional(),
  reason: z.string(),
  createdAt: instant,
});

export const loyaltyView = z.object({ points: int, tier: z.string(), lifetimePoints: int, nextTier: z.string().optional(), pointsToNextTier: int.optional() });

export const loyaltyEntryView = z.object({ id: z.string(), kind: z.string(), points: int, orderId: z.string().optional(), createdAt: instant });

export const topUpView = z.object({
  topUpId: z.string(),
  status: z.string(),
  gateway: z.string(),
  amount: moneyView,
  paymentAction: paymentActionView.optional(),
  redirectUrl: z.string().optional(),
  expiresAt: instant.optional(),
  failureReason: z.string().optional(),
  credited: moneyView.optional(),
  createdAt: instant.optional(),
  creditedAt: instant.optional(),
  attention: z.object({ code: z.string() }).optional(),
  links: z.object({ self: z.string() }),
});

export const savedMethodView = z.object({
  id: z.string(),
  gateway: z.string(),
  type: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: int,
  expYear: int,
  wallet: z.string().optional(),
  isDefault: z.boolean(),
  createdAt: instant,
});
