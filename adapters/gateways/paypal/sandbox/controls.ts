import type Koa from 'koa';
import { z } from 'zod';
import { commonControls, controlCommand, definedFields, dropNextCommand, failNextCommand, found, recordReads, SandboxError, serveControls } from '../../sandbox-kit/index.js';
import { cents, refundSnapshot, snapshot } from './records.js';
import type { PayPalState } from './state.js';
import { PAYPAL_SANDBOX_CAPTURE_STATUSES, PAYPAL_SANDBOX_WEBHOOK_EVENTS, type PayPalSandboxControl } from './types.js';
import { captureEvent, type PayPalWebhooks } from './webhooks.js';

/** The sandbox's controls, in process. */
export function paypalControl(state: PayPalState, webhooks: PayPalWebhooks): PayPalSandboxControl {
  const { now, webhookId, identity, certUrl, orders, captureOwners, idempotency, tokens, outbox, current, existing, markApproved, refundById } = state;
  const { emit, post, signedHeaders } = webhooks;
  const reads = recordReads(() => orders.keys(), current, existing, snapshot);
  return {
    webhookId,
    certUrl,
    certificatePem: identity.certificatePem,
    orders: reads.all,
    get: reads.get,
    approve: (orderId, opts = {}) => {
      const o = existing(orderId);
      if (markApproved(o, opts.payerId)) void emit(o, 'CHECKOUT.ORDER.APPROVED');
      return snapshot(o);
    },
    cancel: (orderId) => {
      const o = existing(orderId);
      o.payerCancelled = true;
      return snapshot(o);
    },
    setStatus: (orderId, status) => {
      const o = existing(orderId);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      o.status = status;
      o.updatedAt = now();
      return snapshot(o);
    },
    setCaptureStatus: (orderId, status, opts = {}) => {
      const o = existing(orderId);
      if (o.capture === undefined) throw new SandboxError(`order ${orderId} has no capture`);
      o.capture.status = status;
      o.capture.updatedAt = now();
      const type = captureEvent(status);
      if (opts.notify !== false && type !== undefined) void emit(o, type);
      return snapshot(o);
    },
    nextCapture: (orderId, outcome) => {
      const o = existing(orderId);
      if (outcome.value !== undefined && !/^\d{1,10}(\.\d{1,2})?$/.test(outcome.value)) throw new SandboxError(`not an amount: ${outcome.value}`, 400);
      o.nextCapture = outcome;
    },
    nextRefund: (status) => {
      state.nextRefundStatus = status;
    },
    settleRefund: (refundId, status) => {
      const { order: o, capture: c, refund: r } = found(refundById(refundId), `refund ${refundId}`);
      if (r.status !== 'PENDING') throw new SandboxError(`refund ${refundId} is already ${r.status}`);
      const at = now();
      r.status = status;
      r.updatedAt = at;
      if (status === 'COMPLETED') {
        const refundedCents = c.refunds.filter((x) => x.status === 'COMPLETED').reduce((sum, x) => sum + cents(x.amount), 0);
        c.status = refundedCents >= cents(c.amount) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
        c.updatedAt = at;
        void emit(o, 'PAYMENT.CAPTURE.REFUNDED');
      }
      return structuredClone(refundSnapshot(r));
    },
    expire: (orderId) => {
      const o = existing(orderId);
      if (o.status === 'COMPLETED' || o.status === 'VOIDED') throw new SandboxError(`cannot expire an order that is ${o.status}`);
      o.status = 'VOIDED';
      o.updatedAt = now();
      if (o.expiresAt.getTime() > now().getTime()) o.expiresAt = now();
      return snapshot(o);
    },
    expireTokens: () => tokens.clear(),
    webhooks: () => outbox.list(),
    sendWebhook: (orderId, eventType) => {
      try {
        return emit(existing(orderId), eventType);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    replayWebhook: (eventId) => {
      const first = outbox.list().find((d) => d.eventId === eventId);
      if (first === undefined) return Promise.reject(new SandboxError(`no delivery of event ${eventId}`, 404));
      // The same event and bytes in a new HTTP transmission: a fresh transmission id and time, signed anew.
      return post(first.eventId, first.eventType, first.body, signedHeaders(first.body));
    },
    dropNextWebhooks: (count = 1) => outbox.drops.set(count),
    settled: () => outbox.settled(),
    ...commonControls(state, orders, captureOwners, idempotency, tokens, outbox, () => {
      outbox.forgetInFlight();
      state.nextRefundStatus = 'COMPLETED';
    }),
  };
}

const orderIdBody = z.object({ orderId: z.string().min(1) });

/** The same controls over HTTP, under `/__sandbox/`. */
export function paypalControls(control: PayPalSandboxControl): (ctx: Koa.Context, route: string) => Promise<void> {
  const commands = {
    '/__sandbox/approve': controlCommand(orderIdBody.extend({ payerId: z.string().min(1).optional() }), (c) =>
      control.approve(c.orderId, c.payerId === undefined ? {} : { payerId: c.payerId }),
    ),
    '/__sandbox/cancel': controlCommand(orderIdBody, (c) => control.cancel(c.orderId)),
    '/__sandbox/set-status': controlCommand(orderIdBody.extend({ status: z.string().min(1) }), (c) => control.setStatus(c.orderId, c.status)),
    '/__sandbox/set-capture-status': controlCommand(orderIdBody.extend({ status: z.enum(PAYPAL_SANDBOX_CAPTURE_STATUSES), notify: z.boolean().optional() }), (c) =>
      control.setCaptureStatus(c.orderId, c.status, c.notify === undefined ? {} : { notify: c.notify }),
    ),
    '/__sandbox/next-capture': controlCommand(
      orderIdBody.extend({ status: z.enum(['COMPLETED', 'PENDING', 'DECLINED']).optional(), value: z.string().optional(), error: z.literal('INSTRUMENT_DECLINED').optional() }),
      (c) => {
        control.nextCapture(c.orderId, definedFields({ status: c.status, value: c.value, error: c.error }));
        return {};
      },
    ),
    '/__sandbox/next-refund': controlCommand(z.object({ status: z.enum(['COMPLETED', 'PENDING', 'FAILED']) }), (c) => {
      control.nextRefund(c.status);
      return {};
    }),
    '/__sandbox/expire': controlCommand(orderIdBody, (c) => control.expire(c.orderId)),
    '/__sandbox/expire-tokens': controlCommand(z.object({}), () => {
      control.expireTokens();
      return {};
    }),
    '/__sandbox/fail-next': failNextCommand(control.failNext, 503),
    '/__sandbox/webhooks/send': controlCommand(orderIdBody.extend({ eventType: z.enum(PAYPAL_SANDBOX_WEBHOOK_EVENTS) }), (c) => control.sendWebhook(c.orderId, c.eventType)),
    '/__sandbox/webhooks/replay': controlCommand(z.object({ eventId: z.string().min(1) }), (c) => control.replayWebhook(c.eventId)),
    '/__sandbox/webhooks/drop-next': dropNextCommand(control.dropNextWebhooks, 1),
  };
  return serveControls(control, {
    records: { path: '/__sandbox/orders', all: control.orders, get: control.get, unknown: 'unknown order' },
    reads: { '/__sandbox/webhooks': control.webhooks },
    commands,
  });
}
