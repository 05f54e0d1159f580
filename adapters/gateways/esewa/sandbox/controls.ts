import type Koa from 'koa';
import { z } from 'zod';
import { checkWholeNumber, commonControls, controlCommand, definedFields, failNextCommand, recordReads, SandboxError, serveControls } from '../../sandbox-kit/index.js';
import { type EsewaState, snapshot } from './state.js';
import { ESEWA_TEST_CREDENTIALS, type EsewaSandboxControl } from './types.js';

/** The sandbox's controls, in process. */
export function esewaControl(state: EsewaState): EsewaSandboxControl {
  const { now, payments, sessions, current, existing, markComplete, payable, successUrl } = state;
  const reads = recordReads(() => payments.keys(), current, existing, snapshot);
  return {
    payments: reads.all,
    get: reads.get,
    complete: (uuid, opts = {}) => {
      const p = existing(uuid);
      if (p.status !== 'COMPLETE') payable(p);
      checkWholeNumber(opts.totalAmount, 'totalAmount', { unit: 'paisa' });
      markComplete(p, opts.payer ?? ESEWA_TEST_CREDENTIALS.esewaIds[0], opts.totalAmount);
      return snapshot(p);
    },
    cancel: (uuid) => {
      const p = existing(uuid);
      payable(p);
      p.status = 'CANCELED';
      return snapshot(p);
    },
    setStatus: (uuid, status) => {
      const p = existing(uuid);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      if (status === 'COMPLETE') markComplete(p, p.payer ?? ESEWA_TEST_CREDENTIALS.esewaIds[0], p.reportedPaisa);
      p.status = status;
      return snapshot(p);
    },
    expire: (uuid) => {
      const p = existing(uuid);
      if (p.status !== 'PENDING') throw new SandboxError(`cannot expire a payment that is ${p.status}`);
      p.status = 'NOT_FOUND';
      if (p.expiresAt.getTime() > now().getTime()) p.expiresAt = now();
      return snapshot(p);
    },
    returnUrl: (uuid) => {
      const p = existing(uuid);
      return p.status === 'COMPLETE' ? successUrl(p) : p.failureUrl;
    },
    ...commonControls(state, payments, sessions),
  };
}

const uuidBody = z.object({ transactionUuid: z.string().min(1) });

/** The same controls over HTTP, under `/__sandbox/`. */
export function esewaControls(control: EsewaSandboxControl): (ctx: Koa.Context, route: string) => Promise<void> {
  const commands = {
    '/__sandbox/complete': controlCommand(uuidBody.extend({ totalAmount: z.number().int().nonnegative().optional(), payer: z.string().min(1).optional() }), (c) =>
      control.complete(c.transactionUuid, definedFields({ totalAmount: c.totalAmount, payer: c.payer })),
    ),
    '/__sandbox/cancel': controlCommand(uuidBody, (c) => control.cancel(c.transactionUuid)),
    '/__sandbox/set-status': controlCommand(uuidBody.extend({ status: z.string().min(1) }), (c) => control.setStatus(c.transactionUuid, c.status)),
    '/__sandbox/expire': controlCommand(uuidBody, (c) => control.expire(c.transactionUuid)),
    '/__sandbox/fail-next': failNextCommand(control.failNext, 200, 200),
  };
  return serveControls(control, {
    records: { path: '/__sandbox/payments', all: control.payments, get: control.get, unknown: 'unknown transaction_uuid' },
    items: [{ prefix: '/__sandbox/return-url/', get: (uuid) => ({ url: control.returnUrl(uuid) }), unknown: 'unknown transaction_uuid' }],
    commands,
  });
}
