import type Koa from 'koa';
import { z } from 'zod';
import { commonControls, controlCommand, definedFields, dropNextCommand, failNextCommand, recordReads, SandboxError, serveControls } from '../../sandbox-kit/index.js';
import type { Json, SessionRecord } from './records.js';
import { json, paymentMethodJson } from './rendering.js';
import type { StripeState } from './state.js';
import { STRIPE_REFUND_STATUSES, type StripeSandboxControl, type StripeSandboxRefund } from './types.js';

/** The sandbox's controls, in process. */
export function stripeControl(state: StripeState): StripeSandboxControl {
  const { options, sessions, intents, refunds, idempotency, events, emit, rendering, current, existing, intentFor, succeed, payNow, declineNow, expireSession } = state;
  const { chargeJson, intentJson, sessionJson, refundJson, fullSession } = rendering;

  function objectForEvent(s: SessionRecord, type: string): Json {
    if (type.startsWith('checkout.session.')) return sessionJson(s, new Set());
    const pi = intentFor(s);
    if (type.startsWith('payment_intent.')) return intentJson(pi, false);
    if (type.startsWith('charge.')) {
      if (pi.charge === null) throw new SandboxError(`session ${s.id} has no charge yet`);
      return chargeJson(pi.charge);
    }
    if (type.startsWith('refund.') || type.startsWith('charge.refund.')) {
      const refund = [...refunds.values()].reverse().find((r) => r.charge === pi.charge);
      if (refund === undefined) throw new SandboxError(`session ${s.id} has no refund yet`);
      return refundJson(refund);
    }
    throw new SandboxError(`the sandbox does not send ${type}`);
  }

  const reads = recordReads(() => sessions.keys(), current, existing, fullSession);
  return {
    sessions: reads.all,
    get: reads.get,
    refunds: () => [...refunds.values()].map((r) => structuredClone(refundJson(r)) as unknown as StripeSandboxRefund),
    pay: (id, opts = {}) => {
      const s = existing(id);
      payNow(s, definedFields({ amount: opts.amount, delayed: opts.delayed, wallet: opts.wallet }));
      return fullSession(s);
    },
    customers: () => [...state.customers.values()].map((c) => ({ ...c, object: 'customer', metadata: { ...c.metadata } })),
    paymentMethods: () => [...state.paymentMethods.values()].map((pm) => structuredClone(paymentMethodJson(pm))),
    paymentIntent: (id) => {
      const pi = intents.get(id)?.intent ?? null;
      return pi === null ? undefined : structuredClone(intentJson(pi, true));
    },
    decline: (id) => {
      const s = existing(id);
      declineNow(s);
      return fullSession(s);
    },
    settle: (id, outcome) => {
      const s = existing(id);
      const pi = s.intent;
      if (s.status !== 'complete' || s.paymentStatus !== 'unpaid' || pi?.status !== 'processing') {
        throw new SandboxError(`session ${id} has no delayed payment to settle`);
      }
      if (outcome === 'succeeded') {
        succeed(s, pi);
        emit('payment_intent.succeeded', intentJson(pi, false));
        emit('checkout.session.async_payment_succeeded', sessionJson(s, new Set()));
      } else {
        pi.status = 'requires_payment_method';
        pi.lastPaymentError = { type: 'invalid_request_error', code: 'payment_method_provider_decline', message: 'The payment was declined by the bank.' };
        emit('payment_intent.payment_failed', intentJson(pi, false));
        emit('checkout.session.async_payment_failed', sessionJson(s, new Set()));
      }
      return fullSession(s);
    },
    setStatus: (id, statuses) => {
      const s = existing(id);
      for (const v of [statuses.status, statuses.paymentStatus, statuses.paymentIntentStatus]) {
        if (v !== undefined && v.trim() === '') throw new SandboxError('statuses must not be empty');
      }
      if (statuses.paymentIntentStatus !== undefined) {
        const pi = intentFor(s);
        if (statuses.paymentIntentStatus === 'succeeded') succeed(s, pi);
        pi.status = statuses.paymentIntentStatus;
      }
      if (statuses.status !== undefined) s.status = statuses.status;
      if (statuses.paymentStatus !== undefined) s.paymentStatus = statuses.paymentStatus;
      return fullSession(s);
    },
    expire: (id) => {
      const s = existing(id);
      if (s.status !== 'open') throw new SandboxError(`cannot expire a session that is ${s.status}`);
      expireSession(s);
      return fullSession(s);
    },
    setNextRefundStatus: (status) => {
      if (!(STRIPE_REFUND_STATUSES as readonly string[]).includes(status)) throw new SandboxError(`unknown refund status ${status}`, 404);
      state.nextRefundStatus = status;
    },
    settleRefund: (refundId, status) => {
      const r = refunds.get(refundId);
      if (r === undefined) throw new SandboxError(`unknown refund ${refundId}`, 404);
      if (r.status !== 'pending' && r.status !== 'requires_action') throw new SandboxError(`refund ${refundId} is already ${r.status}`);
      const previous = { status: r.status };
      r.status = status;
      if (status === 'succeeded') r.charge.amountRefunded += r.amount;
      if (status === 'failed') r.failureReason = 'lost_or_stolen_card';
      emit('refund.updated', refundJson(r), previous);
      if (status === 'succeeded') emit('charge.refunded', chargeJson(r.charge));
      if (status === 'failed') emit('refund.failed', refundJson(r));
      return structuredClone(refundJson(r)) as unknown as StripeSandboxRefund;
    },
    events: () => events.list.map((e) => ({ ...e })),
    deliveries: () => events.outbox.list(),
    setWebhookUrl: (url) => {
      events.url = url;
    },
    sendWebhook: (id, type) => {
      const s = existing(id);
      const e = emit(type, objectForEvent(s, type));
      return { ...e };
    },
    replayWebhook: (eventId) => {
      const e = events.list.find((x) => x.id === eventId);
      if (e === undefined) return Promise.reject(new SandboxError(`unknown event ${eventId}`, 404));
      return events.deliver(e);
    },
    dropNextWebhooks: (count) => events.outbox.drops.set(count),
    flushWebhooks: () => events.outbox.settled(),
    pruneIdempotencyKeys: () => idempotency.clear(),
    ...commonControls(state, sessions, intents, state.customers, state.paymentMethods, refunds, idempotency, events.list, events.outbox, () => {
      state.nextRefundStatus = 'succeeded';
      events.url = options.webhookUrl;
    }),
  };
}

const sessionBody = z.object({ sessionId: z.string().min(1) });

/** The same controls over HTTP, under `/__sandbox/`, answered in Stripe's JSON layout. */
export function stripeControls(control: StripeSandboxControl): (ctx: Koa.Context, route: string) => Promise<void> {
  const commands = {
    '/__sandbox/pay': controlCommand(
      sessionBody.extend({ amount: z.number().int().nonnegative().optional(), delayed: z.boolean().optional(), wallet: z.literal('google_pay').optional() }),
      (c) => control.pay(c.sessionId, definedFields({ amount: c.amount, delayed: c.delayed, wallet: c.wallet })),
    ),
    '/__sandbox/decline': controlCommand(sessionBody, (c) => control.decline(c.sessionId)),
    '/__sandbox/settle': controlCommand(sessionBody.extend({ outcome: z.enum(['succeeded', 'failed']) }), (c) => control.settle(c.sessionId, c.outcome)),
    '/__sandbox/set-status': controlCommand(
      sessionBody.extend({ status: z.string().min(1).optional(), paymentStatus: z.string().min(1).optional(), paymentIntentStatus: z.string().min(1).optional() }),
      (c) => control.setStatus(c.sessionId, definedFields({ status: c.status, paymentStatus: c.paymentStatus, paymentIntentStatus: c.paymentIntentStatus })),
    ),
    '/__sandbox/expire': controlCommand(sessionBody, (c) => control.expire(c.sessionId)),
    '/__sandbox/next-refund-status': controlCommand(z.object({ status: z.enum(STRIPE_REFUND_STATUSES) }), (c) => {
      control.setNextRefundStatus(c.status);
      return { status: c.status };
    }),
    '/__sandbox/settle-refund': controlCommand(z.object({ refundId: z.string().min(1), status: z.enum(['succeeded', 'failed', 'canceled']) }), (c) =>
      control.settleRefund(c.refundId, c.status),
    ),
    '/__sandbox/fail-next': failNextCommand(control.failNext, 500),
    '/__sandbox/webhook-url': controlCommand(z.object({ url: z.url().nullable().optional() }), (c) => {
      control.setWebhookUrl(c.url ?? undefined);
      return { url: c.url ?? null };
    }),
    '/__sandbox/send-webhook': controlCommand(sessionBody.extend({ type: z.string().min(1) }), (c) => control.sendWebhook(c.sessionId, c.type)),
    '/__sandbox/replay-webhook': controlCommand(z.object({ eventId: z.string().min(1) }), (c) => control.replayWebhook(c.eventId)),
    '/__sandbox/drop-next-webhooks': dropNextCommand(control.dropNextWebhooks),
    '/__sandbox/flush-webhooks': controlCommand(z.object({}), async () => {
      await control.flushWebhooks();
      return {};
    }),
  };
  return serveControls(control, {
    records: { path: '/__sandbox/sessions', all: control.sessions, get: control.get, unknown: 'unknown session' },
    reads: {
      '/__sandbox/refunds': control.refunds,
      '/__sandbox/customers': control.customers,
      '/__sandbox/payment-methods': control.paymentMethods,
      '/__sandbox/events': control.events,
      '/__sandbox/deliveries': control.deliveries,
    },
    commands,
    respond: json,
  });
}
