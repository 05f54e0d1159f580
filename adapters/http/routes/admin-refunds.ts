import type Router from '@koa/router';
import { z } from 'zod';
import { requestRefund, type Refunds } from '../../../src/checkout/application/refunds.js';
import type { RefundSagas } from '../../../src/checkout/ports/refund-sagas.js';
import type { DomainError } from '../../../src/shared/result.js';
import { readJsonBody } from '../body.js';
import { HttpProblem, problemFromDomain } from '../problem.js';
import { describeOperatorRoute, commandBody, reason, type OperatorKit } from './admin-kit.js';
import { idempotencyKeyDoc, orderIdParam } from './checkouts.js';
import { refundView, requestedRefundView } from './admin-views.js';

export const refundBody = z.strictObject({
  amountMinor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  destination: z.enum(['gateway', 'wallet']),
  reason,
});
export const refundIdParam = z.string().regex(/^[A-Za-z0-9_-]{3,64}$/);
export const refundsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Refund codes the shared table does not know; the rest go through it. */
const REFUND_STATUS: Readonly<Record<string, number>> = {
  'refunds.saga_unavailable': 503,
  'refunds.gateway_unreachable': 503,
  'refunds.command_refused': 409,
  'refunds.gateway_refund_pending': 409,
  'refunds.already_refunded': 409,
  'refunds.already_started': 409,
  'refunds.not_found': 404,
};
const refundProblem = (error: DomainError): HttpProblem => {
  const status = REFUND_STATUS[error.code];
  if (status === undefined) return problemFromDomain(error);
  return new HttpProblem(status, error.code, status === 503 ? 'Service Unavailable' : status === 404 ? 'Not Found' : 'Conflict', error.message);
};
const refundNotFound = (refundId: string) => new HttpProblem(404, 'refunds.not_found', 'Not Found', `refund ${refundId} does not exist`);

/** The operator commands a parked refund takes: path segment and the saga's action. */
const REFUND_COMMANDS = [
  ['retry', 'retry'],
  ['mark-failed', 'mark_failed'],
  ['credit-wallet', 'credit_wallet'],
] as const;

/** Operators' refunds: request one for an order, list the parked ones, see one, command its saga. */
export function addRefundRoutes(router: Router, kit: OperatorKit, deps: { refunds: Refunds; refundSagas: RefundSagas }): void {
  const { operator, operatorOf, once, parse, orderIdOf } = kit;
  const refundIdOf = (ctx: { params: Record<string, string | undefined> }) => parse(refundIdParam, ctx.params['refundId'], 'params');

  router.post('/orders/:orderId/refunds', operator, once, async (ctx) => {
    const orderId = orderIdOf(ctx);
    const body = parse(refundBody, await readJsonBody(ctx));
    const requested = await requestRefund(deps.refunds, deps.refundSagas, {
      orderId,
      destination: body.destination,
      reason: body.reason,
      requestedBy: operatorOf(ctx),
      // In the order's own currency, whichever of the shop's it was placed in.
      ...(body.amountMinor === undefined ? {} : { amountMinor: body.amountMinor }),
    });
    if (!requested.ok) throw refundProblem(requested.error);
    const [first] = requested.value;
    ctx.status = 202;
    ctx.set('Location', `/admin/refunds/${first!.id}`);
    // The first refund at the top (a request drawing on one payment is one refund); all of them in `refunds`.
    ctx.body = { ...first, refunds: requested.value };
  });

  router.get('/refunds', operator, async (ctx) => {
    const query = parse(refundsQuery, ctx.query, 'query');
    const parked = await deps.refunds.needingAttention(query.limit);
    ctx.body = { items: parked.map(({ refund, attention }) => ({ ...refund, attention })) };
  });

  router.get('/refunds/:refundId', operator, async (ctx) => {
    const refundId = refundIdOf(ctx);
    const refund = await deps.refunds.view(refundId);
    if (refund === undefined) throw refundNotFound(refundId);
    let saga;
    try {
      saga = await deps.refundSagas.state(refundId);
    } catch {
      saga = undefined; // The engine is unreachable: PostgreSQL's record still answers.
    }
    ctx.body = { ...refund, ...(saga === undefined ? {} : { saga }) };
  });

  for (const [path, action] of REFUND_COMMANDS) {
    router.post(`/refunds/:refundId/${path}`, operator, async (ctx) => {
      const refundId = refundIdOf(ctx);
      const body = parse(commandBody, await readJsonBody(ctx));
      if ((await deps.refunds.view(refundId)) === undefined) throw refundNotFound(refundId);
      const done = await deps.refundSagas.command(refundId, { action, by: operatorOf(ctx), reason: body.reason });
      if (!done.ok) throw refundProblem(done.error);
      ctx.body = { ...(await deps.refunds.view(refundId)), saga: done.value };
    });
  }
}

describeOperatorRoute({
  method: 'post',
  path: '/admin/orders/:orderId/refunds',
  summary: "Refund an order, whole or in part, to the shopper's card (gateway) or wallet",
  description:
    'One refund per payment the request draws on: the gateway part of a split-tender order first, then its wallet part. ' +
    'Wallet parts and manual payments (bank transfer, cash on delivery) always go back to the wallet. Each refund runs as its own saga, ' +
    'started before anything is recorded: a refund that could not be started leaves nothing behind (503 `refunds.saga_unavailable`).',
  params: { orderId: orderIdParam },
  headers: { 'Idempotency-Key': idempotencyKeyDoc },
  body: refundBody,
  responses: {
    202: {
      description: 'the (first) refund, recorded `pending` by its saga, with every refund of the request in `refunds`',
      schema: requestedRefundView,
      headers: { Location: 'the (first) refund' },
    },
    404: { description: 'no such order' },
    409: { description: 'not refundable, or more than was paid (`refunds.exceeds_paid`)' },
    422: { description: 'an invalid amount, or a gateway that cannot refund' },
    503: { description: 'the refund saga could not be started; nothing was recorded (`refunds.saga_unavailable`)' },
  },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/refunds',
  summary: 'Refunds parked for an operator (failed, pending past their budget, or not to be told), longest waiting first',
  query: refundsQuery,
  responses: { 200: { description: '`items`: each refund with `attention` (reason, since)', schema: z.object({ items: z.array(refundView) }) } },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/refunds/:refundId',
  summary: 'A refund: its record, why it waits (if it does), every operator decision on it, and its saga state',
  params: { refundId: refundIdParam },
  responses: { 200: { description: 'the refund', schema: refundView }, 404: { description: 'no such refund' } },
});
const REFUND_COMMAND_SUMMARIES: Readonly<Record<(typeof REFUND_COMMANDS)[number][0], string>> = {
  retry: 'Retry a parked refund: the gateway is read first, and asked to refund again only if it shows no refund was made',
  'mark-failed': 'Settle a parked refund as failed (refused while the gateway still shows it pending or completed)',
  'credit-wallet': "Credit the shopper's wallet instead of a gateway refund that failed (refused while the gateway still shows it pending or completed)",
};
for (const [path] of REFUND_COMMANDS) {
  describeOperatorRoute({
    method: 'post',
    path: `/admin/refunds/:refundId/${path}`,
    summary: REFUND_COMMAND_SUMMARIES[path],
    description: 'A command to the refund saga, recorded with who (the token), why (the body) and when.',
    params: { refundId: refundIdParam },
    body: commandBody,
    responses: {
      200: { description: 'the refund and its saga state after the command' },
      404: { description: 'no such refund' },
      409: {
        description:
          'the refund is not parked (`refunds.command_refused`), or carrying the command out could refund twice (`refunds.gateway_refund_pending`, `refunds.already_refunded`)',
      },
      503: { description: 'the gateway cannot be read right now (`refunds.gateway_unreachable`)' },
    },
  });
}
