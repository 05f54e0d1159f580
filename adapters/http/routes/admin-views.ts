/** What the operators' routes answer, as schemas (see views.ts): the console's typed client reads them. */
import { z } from 'zod';
import { moneyView, orderSummaryView, pageOf, loyaltyView } from './views.js';

const int = z.number().int();

export const paymentRowView = z.object({
  orderId: z.string(),
  customerId: z.string(),
  gateway: z.string(),
  gatewayTransactionId: z.string().optional(),
  amountMinor: int,
  currency: z.string(),
  status: z.string(),
  paidWithWallet: z.string().optional(),
  createdAt: z.string(),
  completedAt: z.string().optional(),
});

export const refundView = z.object({
  id: z.string(),
  orderId: z.string(),
  paymentId: z.string(),
  amount: moneyView,
  destination: z.enum(['gateway', 'wallet']),
  status: z.string(),
  reason: z.string(),
  requestedBy: z.string(),
  gatewayRefundId: z.string().optional(),
  failureReason: z.string().optional(),
  attention: z.object({ code: z.string(), message: z.string().optional() }).optional(),
});

export const requestedRefundView = refundView.extend({ refunds: z.array(refundView) });

export const notificationView = z.object({
  id: z.string(),
  kind: z.string(),
  channel: z.string(),
  audience: z.string(),
  recipient: z.string(),
  customerId: z.string().optional(),
  orderId: z.string().optional(),
  status: z.string(),
  attempts: int,
  resends: int,
  nextAttemptAt: z.string(),
  lastError: z.string().optional(),
  createdAt: z.string(),
  sentAt: z.string().optional(),
  parkedAt: z.string().optional(),
});

export const adminOrderView = z.object({
  id: z.string(),
  customerId: z.string(),
  status: z.string(),
  gateway: z.string(),
  lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: int, unitPrice: moneyView, lineTotal: moneyView })),
  subtotal: moneyView,
  total: moneyView,
  refunded: moneyView.optional(),
  placedAt: z.string(),
  contact: z.object({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() }).optional(),
  saga: z.object({ status: z.string(), attention: z.object({ code: z.string() }).optional() }).optional(),
});

export const customerView = z.object({
  customerId: z.string(),
  orders: pageOf(orderSummaryView),
  wallet: z.object({ balances: z.array(moneyView) }),
  loyalty: loyaltyView,
  openCheckouts: z.array(orderSummaryView.extend({ sagaStatus: z.string().optional() })),
});

/** The saga's state after an operator's command. */
export const commandAnswerView = z.object({ orderId: z.string(), status: z.string(), gateway: z.string(), amount: moneyView });
