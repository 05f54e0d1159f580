import { Readable } from 'node:stream';
import type Router from '@koa/router';
import { z } from 'zod';
import type { AdminPayments, PaymentRow, VerificationFailures } from '../../../src/checkout/ports/operations.js';
import { GATEWAY_IDS, LATE_PAYMENT_RESOLUTIONS } from '../../../src/payments/api.js';
import type { LatePaymentFilter, LatePaymentRecord } from '../../../src/payments/ports/late-payments.js';
import { paged } from '../paging.js';
import { describeOperatorRoute, type OperatorKit } from './admin-kit.js';
import { orderIdParam } from './checkouts.js';
import { paymentRowView } from './admin-views.js';
import { pageOf } from './views.js';

const limit = z.coerce.number().int().min(1).max(500).default(100);
export const paymentsQuery = z.strictObject({
  gateway: z.string().max(32).optional(),
  status: z.string().max(32).optional(),
  customerId: z.string().max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit,
  cursor: z.string().min(1).max(1000).optional(),
});
export const verificationFailuresQuery = z.strictObject({
  gateway: z.enum(GATEWAY_IDS).optional(),
  orderId: orderIdParam.optional(),
  limit,
});
export const latePaymentsQuery = z.strictObject({
  resolution: z.enum(LATE_PAYMENT_RESOLUTIONS).optional(),
  gateway: z.enum(GATEWAY_IDS).optional(),
  customerId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{3,128}$/)
    .optional(),
  limit,
});

/** The CSV export's columns: the row's field and its header. */
/** As the payments store lists them, with the wallet a payment came through (`google_pay`) when known. */
type AdminPaymentRow = PaymentRow & { readonly paidWithWallet?: string };

const CSV_COLUMNS: readonly (readonly [keyof AdminPaymentRow, string])[] = [
  ['orderId', 'order_id'],
  ['gateway', 'gateway'],
  ['gatewayTransactionId', 'gateway_transaction_id'],
  ['amountMinor', 'amount_minor'],
  ['currency', 'currency'],
  ['status', 'status'],
  ['createdAt', 'created_at'],
  ['completedAt', 'completed_at'],
  ['paidWithWallet', 'paid_with_wallet'],
];
export const csvCell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  // Quote what needs it; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Operators' read-only views: payments (JSON pages and CSV), failed verifications, late payments. */
export function addReportRoutes(
  router: Router,
  kit: OperatorKit,
  deps: {
    payments: AdminPayments;
    verificationFailures: VerificationFailures;
    /** Late payments: money taken after its checkout or top-up gave up, and how each was resolved. */
    latePayments: { list(filter: LatePaymentFilter, limit: number): Promise<LatePaymentRecord[]> };
  },
): void {
  const { operator, parse } = kit;

  router.get('/verification-failures', operator, async (ctx) => {
    const query = parse(verificationFailuresQuery, ctx.query, 'query');
    const filter = { ...(query.gateway === undefined ? {} : { gateway: query.gateway }), ...(query.orderId === undefined ? {} : { orderId: query.orderId }) };
    ctx.body = { items: await deps.verificationFailures.recent(filter, query.limit) };
  });

  router.get('/payments', operator, async (ctx) => {
    const { limit, cursor, ...filter } = parse(paymentsQuery, ctx.query, 'query');
    ctx.body = await paged(() => deps.payments.page(filter, limit, cursor));
  });

  router.get('/payments.csv', operator, async (ctx) => {
    const { limit: _limit, cursor: _cursor, ...filter } = parse(paymentsQuery, ctx.query, 'query');
    const rows = deps.payments.stream(filter);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="payments.csv"');
    ctx.body = Readable.from(
      (async function* () {
        yield `${CSV_COLUMNS.map(([, header]) => header).join(',')}\n`;
        for await (const row of rows) yield `${CSV_COLUMNS.map(([column]) => csvCell((row as AdminPaymentRow)[column])).join(',')}\n`;
      })(),
    );
  });

  router.get('/late-payments', operator, async (ctx) => {
    const { limit, ...filter } = parse(latePaymentsQuery, ctx.query, 'query');
    const items = await deps.latePayments.list(filter, limit);
    ctx.body = {
      items: items.map(({ amount, ...item }) => ({ ...item, ...(amount ? { amountMinor: amount.amountMinor, currency: amount.currency } : {}) })),
    };
  });
}

describeOperatorRoute({
  method: 'get',
  path: '/admin/verification-failures',
  summary: 'Verifications that failed (amount or currency mismatch, a transaction already bound elsewhere), newest first',
  query: verificationFailuresQuery,
  responses: { 200: { description: '`items`: each failure with the gateway, its payment and transaction ids, the code and what the gateway reported' } },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/payments',
  summary: 'Payments, filtered, in keyset pages',
  query: paymentsQuery,
  responses: {
    200: { description: 'a page: `items` (each with `paidWithWallet`, e.g. `google_pay`, when the gateway said) and the `nextCursor`, if any', schema: pageOf(paymentRowView) },
  },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/payments.csv',
  summary: 'Payments, filtered, streamed as CSV',
  query: paymentsQuery,
  responses: { 200: { description: 'CSV with a header row; `paid_with_wallet` is the wallet a payment came through', contentType: 'text/csv' } },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/late-payments',
  summary: 'Late payments: money a gateway took after its checkout or top-up gave up, and how each was resolved',
  description:
    "Newest first. `resolution` is `credited_to_wallet` (the closed checkout's amount went to the shopper's wallet), `top_up_credited`, `not_taken` (the gateway took nothing), `needs_attention` (parked: another currency, or a transaction bound elsewhere; decide with the `operatorDecision` signal of workflow `late-payment-<gateway>-<gatewayPaymentId>`) or `dismissed`.",
  query: latePaymentsQuery,
  responses: { 200: { description: '`items`: the late payments' }, 400: { description: 'an invalid filter' } },
});
