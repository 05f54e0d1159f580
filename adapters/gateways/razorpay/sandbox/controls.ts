import type Koa from 'koa';
import { z } from 'zod';
import { checkWholeNumber, commonControls, controlCommand, definedFields, dropNextCommand, failNextCommand, SandboxError, serveControls } from '../../sandbox-kit/index.js';
import { newEventId, type OrderRecord, type PaymentRecord, paymentSnapshot, type RefundRecord, refundSnapshot, type TokenRecord } from './entities.js';
import { GOOGLE_PAY_VPA, type RazorpayState, testCard } from './state.js';
import { RAZORPAY_WEBHOOK_EVENTS, type RazorpaySandboxControl, type RazorpaySandboxToken } from './types.js';

const tokenSnapshot = (t: TokenRecord): RazorpaySandboxToken =>
  structuredClone({ ...t, usedAt: t.usedAt === null ? null : t.usedAt.toISOString(), createdAt: t.createdAt.toISOString() });

/** The sandbox's controls, in process. */
export function razorpayControl(state: RazorpayState): RazorpaySandboxControl {
  const {
    orders,
    payments,
    refunds,
    customers,
    tokens,
    saveCard,
    webhooks,
    existingOrder,
    existingPayment,
    existingRefund,
    paymentsOf,
    orderSnapshot,
    pay,
    fail,
    cancelAttempt,
    capture,
    settleRefund,
  } = state;
  return {
    orders: () => [...orders.values()].map(orderSnapshot),
    get: (id) => {
      const o = orders.get(id);
      return o === undefined ? undefined : orderSnapshot(o);
    },
    payment: (id) => {
      const p = payments.get(id);
      return p === undefined ? undefined : paymentSnapshot(p);
    },
    refunds: () => [...refunds.values()].map(refundSnapshot),
    customers: () => [...customers.values()].map((c) => structuredClone({ ...c, createdAt: c.createdAt.toISOString() })),
    tokens: (customerId) => [...tokens.values()].filter((t) => customerId === undefined || t.customerId === customerId).map(tokenSnapshot),
    saveCard: (customerId, card = {}) => {
      if (!customers.has(customerId)) throw new SandboxError(`unknown customer ${customerId}`, 404);
      return tokenSnapshot(saveCard(customerId, testCard(card)));
    },
    payWithGooglePay: (orderId) => paymentSnapshot(pay(existingOrder(orderId), { method: 'upi', vpa: GOOGLE_PAY_VPA })),
    pay: (orderId, opts = {}) => {
      checkWholeNumber(opts.amount, 'amount');
      return paymentSnapshot(pay(existingOrder(orderId), definedFields({ amount: opts.amount, capture: opts.capture, method: opts.method })));
    },
    fail: (orderId, opts = {}) => paymentSnapshot(fail(existingOrder(orderId), opts.reason ?? 'payment_failed', opts.description ?? 'Payment failed', 'payment_authorization')),
    cancel: (orderId) => paymentSnapshot(cancelAttempt(existingOrder(orderId))),
    capture: (paymentId) => {
      const p = existingPayment(paymentId);
      if (p.status !== 'authorized') throw new SandboxError(`cannot capture a payment that is ${p.status}`);
      capture(p);
      return paymentSnapshot(p);
    },
    setPaymentStatus: (paymentId, status) => {
      const p = existingPayment(paymentId);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      p.status = status;
      p.captured = status === 'captured' || status === 'refunded';
      if (status === 'refunded') {
        p.amountRefunded = p.amount;
        p.refundStatus = 'full';
      }
      return paymentSnapshot(p);
    },
    setOrderStatus: (orderId, status) => {
      const o = existingOrder(orderId);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      o.status = status;
      return orderSnapshot(o);
    },
    setRefundStatus: (refundId, status) => {
      const r = existingRefund(refundId);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      if (r.status !== 'pending') throw new SandboxError(`refund ${refundId} is already ${r.status}`);
      settleRefund(r, status);
      return refundSnapshot(r);
    },
    expire: (orderId) => {
      const o = existingOrder(orderId);
      if (o.status === 'paid') throw new SandboxError(`order ${orderId} is already paid`);
      o.checkoutExpired = true;
      return orderSnapshot(o);
    },
    setWebhookUrl: (url) => {
      webhooks.url = url;
    },
    webhooks: () => webhooks.outbox.list(),
    sendWebhook: async (event, about) => {
      if (!(RAZORPAY_WEBHOOK_EVENTS as readonly string[]).includes(event)) throw new SandboxError(`unknown event ${event}`);
      let refund: RefundRecord | undefined;
      let payment: PaymentRecord | undefined;
      let order: OrderRecord | undefined;
      if (about.refundId !== undefined) refund = existingRefund(about.refundId);
      if (about.paymentId !== undefined) payment = existingPayment(about.paymentId);
      if (refund !== undefined && payment === undefined) payment = payments.get(refund.paymentId);
      if (about.orderId !== undefined) order = existingOrder(about.orderId);
      if (payment === undefined && order !== undefined) payment = paymentsOf(order.id).at(-1);
      if (order === undefined && payment !== undefined) order = orders.get(payment.orderId);
      if (event.startsWith('refund.') && refund === undefined) throw new SandboxError(`${event} needs a refund`);
      if (payment === undefined) throw new SandboxError(`${event} needs a payment`);
      const body = webhooks.body(event, { ...(refund && { refund }), payment, ...(event === 'order.paid' && order && { order }) });
      return webhooks.deliver(newEventId(), event, body);
    },
    replayWebhook: async (eventId) => {
      const earlier = webhooks.outbox.list().find((d) => d.eventId === eventId);
      if (earlier === undefined) throw new SandboxError(`unknown webhook event ${eventId}`, 404);
      return webhooks.deliver(earlier.eventId, earlier.event, earlier.body);
    },
    dropNextWebhooks: (count) => webhooks.outbox.drops.set(count),
    webhooksSettled: () => webhooks.outbox.settled(),
    ...commonControls(state, orders, payments, refunds, customers, tokens, webhooks.outbox),
  };
}

const orderIdBody = z.object({ orderId: z.string().min(1) });

/** The same controls over HTTP, under `/__sandbox/`. */
export function razorpayControls(control: RazorpaySandboxControl): (ctx: Koa.Context, route: string) => Promise<void> {
  const commands = {
    '/__sandbox/pay': controlCommand(orderIdBody.extend({ amount: z.number().int().nonnegative().optional(), capture: z.boolean().optional() }), (c) =>
      control.pay(c.orderId, definedFields({ amount: c.amount, capture: c.capture })),
    ),
    '/__sandbox/fail': controlCommand(orderIdBody.extend({ reason: z.string().min(1).optional() }), (c) => control.fail(c.orderId, definedFields({ reason: c.reason }))),
    '/__sandbox/cancel': controlCommand(orderIdBody, (c) => control.cancel(c.orderId)),
    '/__sandbox/pay-with-google-pay': controlCommand(orderIdBody, (c) => control.payWithGooglePay(c.orderId)),
    '/__sandbox/save-card': controlCommand(z.object({ customerId: z.string().min(1) }), (c) => control.saveCard(c.customerId)),
    '/__sandbox/capture': controlCommand(z.object({ paymentId: z.string().min(1) }), (c) => control.capture(c.paymentId)),
    '/__sandbox/set-payment-status': controlCommand(z.object({ paymentId: z.string().min(1), status: z.string().min(1) }), (c) => control.setPaymentStatus(c.paymentId, c.status)),
    '/__sandbox/set-order-status': controlCommand(orderIdBody.extend({ status: z.string().min(1) }), (c) => control.setOrderStatus(c.orderId, c.status)),
    '/__sandbox/set-refund-status': controlCommand(z.object({ refundId: z.string().min(1), status: z.string().min(1) }), (c) => control.setRefundStatus(c.refundId, c.status)),
    '/__sandbox/expire': controlCommand(orderIdBody, (c) => control.expire(c.orderId)),
    '/__sandbox/fail-next': failNextCommand(control.failNext, 503),
    '/__sandbox/send-webhook': controlCommand(
      z.object({
        event: z.enum(RAZORPAY_WEBHOOK_EVENTS),
        orderId: z.string().min(1).optional(),
        paymentId: z.string().min(1).optional(),
        refundId: z.string().min(1).optional(),
      }),
      (c) => control.sendWebhook(c.event, definedFields({ orderId: c.orderId, paymentId: c.paymentId, refundId: c.refundId })),
    ),
    '/__sandbox/replay-webhook': controlCommand(z.object({ eventId: z.string().min(1) }), (c) => control.replayWebhook(c.eventId)),
    '/__sandbox/drop-next-webhooks': dropNextCommand(control.dropNextWebhooks),
  };
  return serveControls(control, {
    records: { path: '/__sandbox/orders', all: control.orders, get: control.get, unknown: 'unknown order' },
    reads: {
      '/__sandbox/refunds': control.refunds,
      '/__sandbox/customers': control.customers,
      '/__sandbox/tokens': () => control.tokens(),
      '/__sandbox/webhooks': control.webhooks,
    },
    commands,
  });
}
