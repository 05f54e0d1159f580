import Router from '@koa/router';
import { z } from 'zod';
import type { Refunds } from '../../../src/checkout/application/refunds.js';
import type { CheckoutSagas } from '../../../src/checkout/ports/checkout-sagas.js';
import type { CheckoutStore } from '../../../src/checkout/ports/checkout-store.js';
import type { AdminPayments, GatewaySwitches, VerificationFailures } from '../../../src/checkout/ports/operations.js';
import type { RefundSagas } from '../../../src/checkout/ports/refund-sagas.js';
import type { StorefrontQueries } from '../../../src/checkout/ports/storefront-queries.js';
import type { TierThresholds } from '../../../src/loyalty/domain/points.js';
import type { FulfilmentUseCases } from '../../../src/orders/api.js';
import type { LatePaymentFilter, LatePaymentRecord } from '../../../src/payments/ports/late-payments.js';
import type { NotificationQueue } from '../../../src/notifications/api.js';
import type { Clock } from '../../../src/shared/clock.js';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { HttpProblem, problemFromDomain } from '../problem.js';
import { chooseCurrency } from '../../../src/checkout/domain/currency.js';
import type { MikroOrmIdempotencyKeys } from '../../persistence/mikro-orm-idempotency-keys.js';
import { describeOperatorRoute, commandBody, customerIdParam, operatorKit, reason } from './admin-kit.js';
import { addCustomerRoutes } from './admin-customers.js';
import { addFulfilmentRoutes } from './admin-fulfilment.js';
import { addNotificationRoutes } from './admin-notifications.js';
import { addOrderRoutes } from './admin-orders.js';
import { addRefundRoutes } from './admin-refunds.js';
import { addReportRoutes } from './admin-reports.js';
import { currencyCode, idempotencyKeyDoc, orderIdParam } from './checkouts.js';
import { gatewayParam } from './payment-returns.js';
import { commandAnswerView } from './admin-views.js';

export { commandBody, customerIdParam } from './admin-kit.js';
export { shipBody } from './admin-fulfilment.js';
export { refundBody, refundIdParam, refundsQuery } from './admin-refunds.js';
export { csvCell, latePaymentsQuery, paymentsQuery, verificationFailuresQuery } from './admin-reports.js';
export { gatewayParam } from './payment-returns.js';

export const adjustmentBody = z.strictObject({
  amountMinor: z
    .number()
    .int()
    .refine((v) => v !== 0, 'must not be zero'),
  reason,
  /** The wallet's currency; default the shop's first. */
  currency: currencyCode.optional(),
});
export const switchBody = z.strictObject({ enabled: z.boolean(), reason });
export const attentionQuery = z.strictObject({
  waitedLongerThanSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600 * 24 * 30)
    .optional(),
  /** Also the cash-on-delivery and bank-transfer checkouts waiting for approval. */
  manual: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The operator commands a checkout saga takes: path segment and the saga's action. */
const CHECKOUT_COMMANDS = [
  ['approve', 'approve', 'Approve a manual payment (cash on delivery, bank transfer) or a parked checkout'],
  ['reject', 'reject', 'Reject a manual payment or a parked checkout'],
  ['retry', 'retry', 'Retry the step a checkout is stuck on'],
  ['cancel', 'cancel', 'Cancel a checkout that needs attention'],
  [
    'refund-to-wallet',
    'refund_to_wallet',
    "Credit what the gateway took for a checkout that needs attention to the shopper's wallet, then cancel it; refused (the saga stays parked, saying why) when nothing was taken",
  ],
] as const;

const gatewaySwitchView = z.object({ gateway: z.string(), enabled: z.boolean() });

/** Operators' commands and views. Every command carries who (from the token) and why (the body). */
export function adminRoutes(deps: {
  auth: Authenticator;
  refunds: Refunds;
  refundSagas: RefundSagas;
  sagas: CheckoutSagas;
  store: CheckoutStore;
  switches: GatewaySwitches;
  /** The gateways this deployment has on, each with its kill switch. */
  gateways: readonly string[];
  payments: AdminPayments;
  verificationFailures: VerificationFailures;
  idempotencyKeys: MikroOrmIdempotencyKeys;
  /** The currencies the shop sells in; the first is the default. */
  currencies: readonly string[];
  /** Late payments: money taken after its checkout or top-up gave up, and how each was resolved. */
  latePayments: { list(filter: LatePaymentFilter, limit: number): Promise<LatePaymentRecord[]> };
  fulfilment: FulfilmentUseCases;
  /** The storefront's reads, for staff's view of a customer. */
  queries: StorefrontQueries;
  tiers: TierThresholds;
  /** The notification outbox, as operators see and resend it. */
  notifications: NotificationQueue;
  clock: Clock;
}): Router {
  const router = new Router({ prefix: '/admin' });
  const kit = operatorKit(deps);
  const { operator, operatorOf, once, parse, orderIdOf } = kit;

  addRefundRoutes(router, kit, deps);
  addReportRoutes(router, kit, deps);
  addFulfilmentRoutes(router, kit, deps);
  addCustomerRoutes(router, kit, deps);
  addOrderRoutes(router, kit, deps);
  addNotificationRoutes(router, kit, deps);

  for (const [path, action] of CHECKOUT_COMMANDS) {
    router.post(`/checkouts/:orderId/${path}`, operator, async (ctx) => {
      const orderId = orderIdOf(ctx);
      const body = parse(commandBody, await readJsonBody(ctx));
      const done = await deps.sagas.command(orderId, { action, by: operatorOf(ctx), reason: body.reason });
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
      const chosen = chooseCurrency(body.currency, deps.currencies, 'wallet.unsupported_currency');
      if (!chosen.ok) throw problemFromDomain(chosen.error);
      const currency = chosen.value;
      const appended = await deps.store.transaction((repos) =>
        repos.wallet.append({
          customerId,
          kind: 'adjustment',
          amount: { amountMinor: body.amountMinor, currency },
          reason: body.reason,
          actor: operatorOf(ctx),
          idempotencyKey: `adjustment:${operatorOf(ctx)}:${ctx.get('idempotency-key')}`,
        }),
      );
      if (!appended.ok) throw problemFromDomain(appended.error);
      ctx.status = 201;
      ctx.body = { customerId, balance: await deps.store.read((repos) => repos.wallet.balance(customerId, currency)) };
    },
  );

  router.put('/gateways/:gateway', operator, async (ctx) => {
    const gateway = parse(gatewayParam, ctx.params['gateway'], 'params');
    const body = parse(switchBody, await readJsonBody(ctx));
    await deps.switches.set(gateway, body.enabled, operatorOf(ctx), body.reason);
    ctx.body = { gateway, enabled: body.enabled };
  });

  router.get('/gateways', operator, async (ctx) => {
    ctx.body = { items: await Promise.all(deps.gateways.map(async (gateway) => ({ gateway, enabled: await deps.switches.isEnabled(gateway) }))) };
  });

  router.get('/checkouts', operator, async (ctx) => {
    const query = parse(attentionQuery, ctx.query, 'query');
    let items;
    try {
      items = await deps.sagas.needingAttention({
        limit: query.limit,
        ...(query.waitedLongerThanSeconds === undefined ? {} : { olderThanMs: query.waitedLongerThanSeconds * 1000 }),
        ...(query.manual === undefined ? {} : { manual: query.manual }),
      });
    } catch {
      // The search runs on Temporal's visibility store; without it the list is unavailable, not broken.
      throw new HttpProblem(503, 'operations.search_unavailable', 'Service Unavailable', 'the saga search is not available right now');
    }
    ctx.body = { items };
  });

  return router;
}

for (const [path, , summary] of CHECKOUT_COMMANDS) {
  describeOperatorRoute({
    method: 'post',
    path: `/admin/checkouts/:orderId/${path}`,
    summary,
    description: 'A command to the saga, recorded with who (the token) and why (the body).',
    params: { orderId: orderIdParam },
    body: commandBody,
    responses: {
      200: { description: "the saga's answer", schema: commandAnswerView },
      404: { description: 'no such checkout' },
      409: { description: 'the saga refused the command in its current state' },
    },
  });
}
describeOperatorRoute({
  method: 'post',
  path: '/admin/wallets/:customerId/adjustments',
  summary: "Adjust a shopper's wallet (credit or debit), once per Idempotency-Key",
  params: { customerId: customerIdParam },
  headers: { 'Idempotency-Key': { ...idempotencyKeyDoc, required: true } },
  body: adjustmentBody,
  responses: {
    201: { description: 'the new balance, in the currency adjusted' },
    422: { description: 'the debit is more than the balance, or a currency the shop does not sell in' },
  },
});
describeOperatorRoute({
  method: 'put',
  path: '/admin/gateways/:gateway',
  summary: 'Turn a gateway on or off (kill switch) for new checkouts and top-ups',
  params: { gateway: gatewayParam },
  body: switchBody,
  responses: { 200: { description: 'the gateway and whether it is enabled', schema: gatewaySwitchView } },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/gateways',
  summary: 'The gateways this deployment has on, each with its kill switch',
  responses: { 200: { description: '`items`: each gateway and whether new checkouts may use it', schema: z.object({ items: z.array(gatewaySwitchView) }) } },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/checkouts',
  summary: 'Sagas that need attention or have waited longer than a given time',
  description: 'With `manual=true`, also the cash-on-delivery and bank-transfer checkouts waiting for an approval.',
  query: attentionQuery,
  responses: {
    200: {
      description: 'the checkouts',
      schema: z.object({
        items: z.array(
          z.object({
            orderId: z.string(),
            customerId: z.string().optional(),
            gateway: z.string().optional(),
            status: z.string().optional(),
            amountMinor: z.number().int().optional(),
            startedAt: z.string(),
          }),
        ),
      }),
    },
  },
});
