import { Readable } from 'node:stream';
import Router from '@koa/router';
import { z } from 'zod';
import { requestRefund, type Refunds } from '../../../src/checkout/application/refunds.js';
import type { CheckoutSagas } from '../../../src/checkout/ports/checkout-sagas.js';
import type { RefundSagas } from '../../../src/checkout/ports/refund-sagas.js';
import type { CheckoutStore } from '../../../src/checkout/ports/checkout-store.js';
import type { DomainError } from '../../../src/shared/result.js';
import type { AdminPayments, GatewaySwitches, PaymentRow, VerificationFailures } from '../../../src/checkout/ports/operations.js';
import { GATEWAY_IDS } from '../../../src/payments/api.js';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { idempotent } from '../idempotency.js';
import { HttpProblem, problemFromDomain, problemFromZod } from '../problem.js';
import { InvalidCursorError } from '../../persistence/mikro-orm-storefront-queries.js';
import type { MikroOrmIdempotencyKeys } from '../../persistence/mikro-orm-idempotency-keys.js';
import { idempotencyKeyHeader, orderIdParam } from './checkouts.js';
import { describeRoute } from '../openapi.js';
import { LATE_PAYMENT_RESOLUTIONS } from '../../../src/payments/api.js';
import type { LatePaymentFilter, LatePaymentRecord } from '../../../src/payments/ports/late-payments.js';

const reason = z.string().trim().min(3).max(200);
export const refundBody = z.strictObject({
  amountMinor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  destination: z.enum(['gateway', 'wallet']),
  reason,
});
export const commandBody = z.strictObject({ reason });
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
export const adjustmentBody = z.strictObject({
  amountMinor: z
    .number()
    .int()
    .refine((v) => v !== 0, 'must not be zero'),
  reason,
});
export const switchBody = z.strictObject({ enabled: z.boolean(), reason });
export const paymentsQuery = z.strictObject({
  gateway: z.string().max(32).optional(),
  status: z.string().max(32).optional(),
  customerId: z.string().max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(1000).optional(),
});
export const attentionQuery = z.strictObject({
  waitedLongerThanSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600 * 24 * 30)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const verificationFailuresQuery = z.strictObject({
  gateway: z.enum(GATEWAY_IDS).optional(),
  orderId: orderIdParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const latePaymentsQuery = z.strictObject({
  resolution: z.enum(LATE_PAYMENT_RESOLUTIONS).optional(),
  gateway: z.enum(GATEWAY_IDS).optional(),
  customerId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{3,128}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const customerIdParam = z.string().regex(/^[A-Za-z0-9_-]{3,128}$/);
export const gatewayParam = z.enum(GATEWAY_IDS);

const CSV_COLUMNS: readonly (keyof PaymentRow)[] = ['orderId', 'gateway', 'gatewayTransactionId', 'amountMinor', 'currency', 'status', 'createdAt', 'completedAt'];
export const csvCell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  // Quote what needs it; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Operators' commands and views. Every command carries who (from the token) and why (the body). */
export function adminRoutes(deps: {
  auth: Authenticator;
  refunds: Refunds;
  refundSagas: RefundSagas;
  sagas: CheckoutSagas;
  store: CheckoutStore;
  switches: GatewaySwitches;
  payments: AdminPayments;
  verificationFailures: VerificationFailures;
  idempotencyKeys: MikroOrmIdempotencyKeys;
  shopCurrency: string;
  /** Late payments: money taken after its checkout or top-up gave up, and how each was resolved. */
  latePayments: { list(filter: LatePaymentFilter, limit: number): Promise<LatePaymentRecord[]> };
}): Router {
  const router = new Router({ prefix: '/admin' });
  const operator = deps.auth.requireOperator();
  const operatorOf = (ctx: { state: Record<string, unknown> }) => ctx.state['operatorId'] as string;
  const once = idempotent(deps.idempotencyKeys, (ctx) => `operator:${operatorOf(ctx)}`);
  const parse = <T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'params' = 'body'): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw problemFromZod(parsed.error, where);
    return parsed.data;
  };
  const orderIdOf = (ctx: { params: Record<string, string | undefined> }) => parse(orderIdParam, ctx.params['orderId'], 'params');

  // --- Refunds ------------------------------------------------------------------------------------
  router.post('/orders/:orderId/refunds', operator, once, async (ctx) => {
    const orderId = orderIdOf(ctx);
    const body = parse(refundBody, await readJsonBody(ctx));
    const requested = await requestRefund(deps.refunds, deps.refundSagas, {
      orderId,
      destination: body.destination,
      reason: body.reason,
      requestedBy: operatorOf(ctx),
      ...(body.amountMinor === undefined ? {} : { amount: { amountMinor: body.amountMinor, currency: deps.shopCurrency } }),
    });
    if (!requested.ok) throw refundProblem(requested.error);
    const [first] = requested.value;
    ctx.status = 202;
    ctx.set('Location', `/admin/refunds/${first!.id}`);
    // The first refund at the top (a request drawing on one payment is one refund); all of them in `refunds`.
    ctx.body = { ...first, refunds: requested.value };
  });

  router.get('/verification-failures', operator, async (ctx) => {
    const query = parse(verificationFailuresQuery, ctx.query, 'query');
    const filter = { ...(query.gateway === undefined ? {} : { gateway: query.gateway }), ...(query.orderId === undefined ? {} : { orderId: query.orderId }) };
    ctx.body = { items: await deps.verificationFailures.recent(filter, query.limit) };
  });

  router.get('/refunds', operator, async (ctx) => {
    const query = parse(refundsQuery, ctx.query, 'query');
    const parked = await deps.refunds.needingAttention(query.limit);
    ctx.body = { items: parked.map(({ refund, attention }) => ({ ...refund, attention })) };
  });

  router.get('/refunds/:refundId', operator, async (ctx) => {
    const refundId = parse(refundIdParam, ctx.params['refundId'], 'params');
    const refund = await deps.refunds.view(refundId);
    if (refund === undefined) throw new HttpProblem(404, 'refunds.not_found', 'Not Found', `refund ${refundId} does not exist`);
    let saga;
    try {
      saga = await deps.refundSagas.state(refundId);
    } catch {
      saga = undefined; // The engine is unreachable: PostgreSQL's record still answers.
    }
    ctx.body = { ...refund, ...(saga === undefined ? {} : { saga }) };
  });

  for (const [path, action] of [
    ['retry', 'retry'],
    ['mark-failed', 'mark_failed'],
    ['credit-wallet', 'credit_wallet'],
  ] as const) {
    router.post(`/refunds/:refundId/${path}`, operator, async (ctx) => {
      const refundId = parse(refundIdParam, ctx.params['refundId'], 'params');
      const body = parse(commandBody, await readJsonBody(ctx));
      if ((await deps.refunds.view(refundId)) === undefined) throw new HttpProblem(404, 'refunds.not_found', 'Not Found', `refund ${refundId} does not exist`);
      const done = await deps.refundSagas.command(refundId, { action, by: operatorOf(ctx), reason: body.reason });
      if (!done.ok) throw refundProblem(done.error);
      ctx.body = { ...(await deps.refunds.view(refundId)), saga: done.value };
    });
  }

  for (const action of ['approve', 'reject', 'retry', 'cancel', 'refund-to-wallet'] as const) {
    router.post(`/checkouts/:orderId/${action}`, operator, async (ctx) => {
      const orderId = orderIdOf(ctx);
      const body = parse(commandBody, await readJsonBody(ctx));
      const done = await deps.sagas.command(orderId, {
        action: action === 'refund-to-wallet' ? 'refund_to_wallet' : action,
        by: operatorOf(ctx),
        reason: body.reason,
      });
      if (!done.ok) throw problemFromDomain(done.error);
      ctx.body = done.value;
    });
  }

  router.post(
    '/wallets/:customerId/adjustments',
    operator,
    async (ctx, next) => {
      if (ctx.get('idempotency-key') === '') {
        throw new HttpProblem(400, 'request.idempotency_key_required', 'Bad Request', 'a wallet adjustment needs an Idempotency-Key header');
      }
      await next();
    },
    once,
    async (ctx) => {
      const customerId = parse(customerIdParam, ctx.params['customerId'], 'params');
      const body = parse(adjustmentBody, await readJsonBody(ctx));
      const appended = await deps.store.transaction((repos) =>
        repos.wallet.append({
          customerId,
          kind: 'adjustment',
          amount: { amountMinor: body.amountMinor, currency: deps.shopCurrency },
          reason: body.reason,
          actor: operatorOf(ctx),
          idempotencyKey: `adjustment:${operatorOf(ctx)}:${ctx.get('idempotency-key')}`,
        }),
      );
      if (!appended.ok) throw problemFromDomain(appended.error);
      ctx.status = 201;
      ctx.body = { customerId, balance: await deps.store.read((repos) => repos.wallet.balance(customerId, deps.shopCurrency)) };
    },
  );

  router.put('/gateways/:gateway', operator, async (ctx) => {
    const gateway = parse(gatewayParam, ctx.params['gateway'], 'params');
    const body = parse(switchBody, await readJsonBody(ctx));
    await deps.switches.set(gateway, body.enabled, operatorOf(ctx), body.reason);
    ctx.body = { gateway, enabled: body.enabled };
  });

  router.get('/checkouts', operator, async (ctx) => {
    const query = parse(attentionQuery, ctx.query, 'query');
    let items;
    try {
      items = await deps.sagas.needingAttention({
        limit: query.limit,
        ...(query.waitedLongerThanSeconds === undefined ? {} : { olderThanMs: query.waitedLongerThanSeconds * 1000 }),
      });
    } catch {
      // The search runs on Temporal's visibility store; without it the list is unavailable, not broken.
      throw new HttpProblem(503, 'operations.search_unavailable', 'Service Unavailable', 'the saga search is not available right now');
    }
    ctx.body = { items };
  });

  router.get('/payments', operator, async (ctx) => {
    const { limit, cursor, ...filter } = parse(paymentsQuery, ctx.query, 'query');
    try {
      ctx.body = await deps.payments.page(filter, limit, cursor);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new HttpProblem(400, 'request.invalid_cursor', 'Bad Request', error.message);
      throw error;
    }
  });

  router.get('/payments.csv', operator, async (ctx) => {
    const { limit: _limit, cursor: _cursor, ...filter } = parse(paymentsQuery, ctx.query, 'query');
    const rows = deps.payments.stream(filter);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="payments.csv"');
    ctx.body = Readable.from(
      (async function* () {
        yield `${['order_id', 'gateway', 'gateway_transaction_id', 'amount_minor', 'currency', 'status', 'created_at', 'completed_at'].join(',')}\n`;
        for await (const row of rows) yield `${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\n`;
      })(),
    );
  });

  // --- Late payments ---------------------------------------------------------------------------
  router.get('/late-payments', operator, async (ctx) => {
    const { limit, ...filter } = parse(latePaymentsQuery, ctx.query, 'query');
    const items = await deps.latePayments.list(filter, limit);
    ctx.body = {
      items: items.map(({ amount, ...item }) => ({ ...item, ...(amount ? { amountMinor: amount.amountMinor, currency: amount.currency } : {}) })),
    };
  });
  // --- end of late payments --------------------------------------------------------------------

  return router;
}

const idempotencyKey = { schema: idempotencyKeyHeader, description: 'makes a retry return the first answer' };
describeRoute({
  method: 'post',
  path: '/admin/orders/:orderId/refunds',
  summary: "Refund an order, whole or in part, to the shopper's card (gateway) or wallet",
  description:
    'One refund per payment the request draws on: the gateway part of a split-tender order first, then its wallet part. ' +
    'Wallet parts and manual payments (bank transfer, cash on delivery) always go back to the wallet. Each refund runs as its own saga, ' +
    'started before anything is recorded: a refund that could not be started leaves nothing behind (503 `refunds.saga_unavailable`).',
  tags: ['operator'],
  auth: 'operator',
  params: { orderId: orderIdParam },
  headers: { 'Idempotency-Key': idempotencyKey },
  body: refundBody,
  responses: {
    202: { description: 'the (first) refund, recorded `pending` by its saga, with every refund of the request in `refunds`', headers: { Location: 'the (first) refund' } },
    404: { description: 'no such order' },
    409: { description: 'not refundable, or more than was paid (`refunds.exceeds_paid`)' },
    422: { description: 'an invalid amount, or a gateway that cannot refund' },
    503: { description: 'the refund saga could not be started; nothing was recorded (`refunds.saga_unavailable`)' },
  },
});
describeRoute({
  method: 'get',
  path: '/admin/refunds',
  summary: 'Refunds parked for an operator (failed, pending past their budget, or not to be told), longest waiting first',
  tags: ['operator'],
  auth: 'operator',
  query: refundsQuery,
  responses: { 200: { description: '`items`: each refund with `attention` (reason, since)' } },
});
describeRoute({
  method: 'get',
  path: '/admin/refunds/:refundId',
  summary: 'A refund: its record, why it waits (if it does), every operator decision on it, and its saga state',
  tags: ['operator'],
  auth: 'operator',
  params: { refundId: refundIdParam },
  responses: { 200: { description: 'the refund' }, 404: { description: 'no such refund' } },
});
for (const [action, summary] of [
  ['retry', 'Retry a parked refund: the gateway is read first, and asked to refund again only if it shows no refund was made'],
  ['mark-failed', 'Settle a parked refund as failed (refused while the gateway still shows it pending or completed)'],
  ['credit-wallet', "Credit the shopper's wallet instead of a gateway refund that failed (refused while the gateway still shows it pending or completed)"],
] as const) {
  describeRoute({
    method: 'post',
    path: `/admin/refunds/:refundId/${action}`,
    summary,
    description: 'A command to the refund saga, recorded with who (the token), why (the body) and when.',
    tags: ['operator'],
    auth: 'operator',
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
for (const [action, summary] of [
  ['approve', 'Approve a manual payment (cash on delivery, bank transfer) or a parked checkout'],
  ['reject', 'Reject a manual payment or a parked checkout'],
  ['retry', 'Retry the step a checkout is stuck on'],
  ['cancel', 'Cancel a checkout that needs attention'],
  [
    'refund-to-wallet',
    "Credit what the gateway took for a checkout that needs attention to the shopper's wallet, then cancel it; refused (the saga stays parked, saying why) when nothing was taken",
  ],
] as const) {
  describeRoute({
    method: 'post',
    path: `/admin/checkouts/:orderId/${action}`,
    summary,
    description: 'A command to the saga, recorded with who (the token) and why (the body).',
    tags: ['operator'],
    auth: 'operator',
    params: { orderId: orderIdParam },
    body: commandBody,
    responses: { 200: { description: "the saga's answer" }, 404: { description: 'no such checkout' }, 409: { description: 'the saga refused the command in its current state' } },
  });
}
describeRoute({
  method: 'get',
  path: '/admin/verification-failures',
  summary: 'Verifications that failed (amount or currency mismatch, a transaction already bound elsewhere), newest first',
  tags: ['operator'],
  auth: 'operator',
  query: verificationFailuresQuery,
  responses: { 200: { description: '`items`: each failure with the gateway, its payment and transaction ids, the code and what the gateway reported' } },
});
describeRoute({
  method: 'post',
  path: '/admin/wallets/:customerId/adjustments',
  summary: "Adjust a shopper's wallet (credit or debit), once per Idempotency-Key",
  tags: ['operator'],
  auth: 'operator',
  params: { customerId: customerIdParam },
  headers: { 'Idempotency-Key': { ...idempotencyKey, required: true } },
  body: adjustmentBody,
  responses: { 201: { description: 'the new balance' }, 422: { description: 'the debit is more than the balance' } },
});
describeRoute({
  method: 'put',
  path: '/admin/gateways/:gateway',
  summary: 'Turn a gateway on or off (kill switch) for new checkouts and top-ups',
  tags: ['operator'],
  auth: 'operator',
  params: { gateway: gatewayParam },
  body: switchBody,
  responses: { 200: { description: 'the gateway and whether it is enabled' } },
});
describeRoute({
  method: 'get',
  path: '/admin/checkouts',
  summary: 'Sagas that need attention or have waited longer than a given time',
  tags: ['operator'],
  auth: 'operator',
  query: attentionQuery,
  responses: { 200: { description: 'the checkouts' } },
});
describeRoute({
  method: 'get',
  path: '/admin/payments',
  summary: 'Payments, filtered, in keyset pages',
  tags: ['operator'],
  auth: 'operator',
  query: paymentsQuery,
  responses: { 200: { description: 'a page: `items` and the `nextCursor`, if any' } },
});
describeRoute({
  method: 'get',
  path: '/admin/payments.csv',
  summary: 'Payments, filtered, streamed as CSV',
  tags: ['operator'],
  auth: 'operator',
  query: paymentsQuery,
  responses: { 200: { description: 'CSV with a header row', contentType: 'text/csv' } },
});
describeRoute({
  method: 'get',
  path: '/admin/late-payments',
  summary: 'Late payments: money a gateway took after its checkout or top-up gave up, and how each was resolved',
  description:
    "Newest first. `resolution` is `credited_to_wallet` (the closed checkout's amount went to the shopper's wallet), `top_up_credited`, `not_taken` (the gateway took nothing), `needs_attention` (parked: another currency, or a transaction bound elsewhere; decide with the `operatorDecision` signal of workflow `late-payment-<gateway>-<gatewayPaymentId>`) or `dismissed`.",
  tags: ['operator'],
  auth: 'operator',
  query: latePaymentsQuery,
  responses: { 200: { description: '`items`: the late payments' }, 400: { description: 'an invalid filter' } },
});
