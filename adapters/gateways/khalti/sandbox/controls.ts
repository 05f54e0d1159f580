import type Koa from 'koa';
import { z } from 'zod';
import { checkWholeNumber, commonControls, controlCommand, definedFields, failNextCommand, recordReads, SandboxError, serveControls } from '../../sandbox-kit/index.js';
import { type KhaltiState, PAYABLE, snapshot } from './state.js';
import { KHALTI_TEST_CREDENTIALS, type KhaltiSandboxControl } from './types.js';

/** The sandbox's controls, in process. */
export function khaltiControl(state: KhaltiState): KhaltiSandboxControl {
  const { now, payments, lostRefundAnswers, current, existing, markCompleted } = state;
  const reads = recordReads(() => payments.keys(), current, existing, snapshot);
  return {
    payments: reads.all,
    get: reads.get,
    complete: (pidx, opts = {}) => {
      const p = existing(pidx);
      if (!PAYABLE.has(p.status) && p.status !== 'Completed') {
        throw new SandboxError(`cannot complete a payment that is ${p.status}`);
      }
      checkWholeNumber(opts.totalAmount, 'totalAmount', { unit: 'paisa' });
      markCompleted(p, opts.mobile ?? KHALTI_TEST_CREDENTIALS.khaltiIds[0], opts.totalAmount);
      return snapshot(p);
    },
    setStatus: (pidx, status) => {
      const p = existing(pidx);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      if (status === 'Completed') markCompleted(p, p.mobile ?? KHALTI_TEST_CREDENTIALS.khaltiIds[0], p.totalAmount);
      p.status = status;
      p.refunded = /refunded/i.test(status);
      return snapshot(p);
    },
    expire: (pidx) => {
      const p = existing(pidx);
      if (!PAYABLE.has(p.status)) throw new SandboxError(`cannot expire a payment that is ${p.status}`);
      p.status = 'Expired';
      if (p.expiresAt.getTime() > now().getTime()) p.expiresAt = now();
      return snapshot(p);
    },
    loseNextRefundAnswers: (count) => lostRefundAnswers.set(count),
    ...commonControls(state, payments, lostRefundAnswers),
  };
}

const pidxBody = z.object({ pidx: z.string().min(1) });

/** The same controls over HTTP, under `/__sandbox/`. */
export function khaltiControls(control: KhaltiSandboxControl): (ctx: Koa.Context, route: string) => Promise<void> {
  const commands = {
    '/__sandbox/complete': controlCommand(pidxBody.extend({ totalAmount: z.number().int().nonnegative().optional(), mobile: z.string().min(1).optional() }), (c) =>
      control.complete(c.pidx, definedFields({ totalAmount: c.totalAmount, mobile: c.mobile })),
    ),
    '/__sandbox/set-status': controlCommand(pidxBody.extend({ status: z.string().min(1) }), (c) => control.setStatus(c.pidx, c.status)),
    '/__sandbox/expire': controlCommand(pidxBody, (c) => control.expire(c.pidx)),
    '/__sandbox/fail-next': failNextCommand(control.failNext, 503),
  };
  return serveControls(control, {
    records: { path: '/__sandbox/payments', all: control.payments, get: control.get, unknown: 'unknown pidx' },
    commands,
  });
}
