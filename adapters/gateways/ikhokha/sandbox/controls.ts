import type Koa from 'koa';
import { z } from 'zod';
import { checkWholeNumber, commonControls, controlCommand, dropNextCommand, failNextCommand, SandboxError, recordReads, serveControls } from '../../sandbox-kit/index.js';
import type { IkhokhaCallbacks } from './callbacks.js';
import type { IkhokhaState } from './state.js';
import type { IkhokhaSandboxControl } from './types.js';

/** The sandbox's controls, in process. */
export function ikhokhaControl(state: IkhokhaState, callbacks: IkhokhaCallbacks): IkhokhaSandboxControl {
  const { now, paylinks, view, current, existing, pending } = state;
  const reads = recordReads(() => paylinks.keys(), current, existing, view);
  return {
    paylinks: reads.all,
    get: reads.get,
    pay: (id, opts = {}) => {
      const p = pending(id, 'pay');
      checkWholeNumber(opts.amount, 'amount', { unit: 'cents' });
      p.status = 'PAID';
      p.paidAmount = opts.amount ?? p.amount;
      callbacks.emit(p, 'SUCCESS');
      return view(p);
    },
    decline: (id) => {
      const p = pending(id, 'decline');
      p.status = 'FAILURE';
      callbacks.emit(p, 'FAILURE');
      return view(p);
    },
    cancel: (id) => {
      const p = pending(id, 'cancel');
      p.status = 'CANCELLED';
      return view(p);
    },
    setStatus: (id, status) => {
      const p = existing(id);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      p.status = status;
      if (status === 'PAID' && p.paidAmount === null) p.paidAmount = p.amount;
      return view(p);
    },
    expire: (id) => {
      const p = pending(id, 'expire');
      p.status = 'EXPIRED';
      if (p.expiresAt.getTime() > now().getTime()) p.expiresAt = now();
      return view(p);
    },
    setWebhookUrl: (url) => {
      callbacks.url = url;
    },
    setWebhookSignatureScheme: (s) => {
      callbacks.scheme = s;
    },
    webhooks: () => callbacks.outbox.list(),
    sendWebhook: async (id, status) => {
      const p = existing(id);
      return callbacks.send(p, status ?? callbacks.statusOf(p));
    },
    replayWebhook: async (deliveryId) => {
      const earlier = callbacks.outbox.list().find((d) => d.deliveryId === deliveryId);
      if (earlier === undefined) throw new SandboxError(`unknown webhook delivery ${deliveryId}`, 404);
      const { outcome: _o, at: _a, error: _e, ...again } = earlier;
      return callbacks.deliver(again);
    },
    dropNextWebhooks: (count) => callbacks.outbox.drops.set(count),
    webhooksSettled: () => callbacks.outbox.settled(),
    ...commonControls(state, paylinks, callbacks.outbox),
  };
}

const paylinkBody = z.object({ paylinkID: z.string().min(1) });

/** The same controls over HTTP, under `/__sandbox/`. */
export function ikhokhaControls(control: IkhokhaSandboxControl): (ctx: Koa.Context, route: string) => Promise<void> {
  const commands = {
    '/__sandbox/pay': controlCommand(paylinkBody.extend({ amount: z.number().int().nonnegative().optional() }), (c) =>
      control.pay(c.paylinkID, c.amount === undefined ? {} : { amount: c.amount }),
    ),
    '/__sandbox/decline': controlCommand(paylinkBody, (c) => control.decline(c.paylinkID)),
    '/__sandbox/cancel': controlCommand(paylinkBody, (c) => control.cancel(c.paylinkID)),
    '/__sandbox/set-status': controlCommand(paylinkBody.extend({ status: z.string().min(1) }), (c) => control.setStatus(c.paylinkID, c.status)),
    '/__sandbox/expire': controlCommand(paylinkBody, (c) => control.expire(c.paylinkID)),
    '/__sandbox/fail-next': failNextCommand(control.failNext, 503),
    '/__sandbox/webhook-url': controlCommand(z.object({ url: z.url().nullable() }), (c) => {
      control.setWebhookUrl(c.url ?? undefined);
      return { url: c.url ?? null };
    }),
    '/__sandbox/webhook-scheme': controlCommand(z.object({ scheme: z.enum(['raw', 'text_stripped']) }), (c) => {
      control.setWebhookSignatureScheme(c.scheme);
      return { scheme: c.scheme };
    }),
    '/__sandbox/send-webhook': controlCommand(paylinkBody.extend({ status: z.string().min(1).optional() }), (c) => control.sendWebhook(c.paylinkID, c.status)),
    '/__sandbox/replay-webhook': controlCommand(z.object({ deliveryId: z.string().min(1) }), (c) => control.replayWebhook(c.deliveryId)),
    '/__sandbox/drop-next-webhooks': dropNextCommand(control.dropNextWebhooks),
  };
  return serveControls(control, {
    records: { path: '/__sandbox/paylinks', all: control.paylinks, get: control.get, unknown: 'unknown paylink' },
    reads: { '/__sandbox/webhooks': control.webhooks },
    commands,
  });
}
