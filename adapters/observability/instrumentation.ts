import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type Koa from 'koa';
import { ApplicationFailure } from '@temporalio/activity';
import type { WebhookIntake } from '../../src/payments/api.js';
import type { CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import type { CheckoutActivities } from '../temporal/activities.js';
import type { GatewayCallReport } from '../gateways/http-transport.js';
import type { Metrics, WebhookMetricOutcome } from './metrics.js';
import { describeRoute } from '../http/openapi.js';

/**
 * Where the metrics are taken: the HTTP edge (one middleware), the webhook intake, the checkout
 * activities that end a payment, and the gateways' shared HTTP transport. Each wrapper only
 * observes: what it wraps answers exactly as before, and a metric that cannot be taken is skipped.
 */

/** Requests by the router's route pattern (`/checkouts/:orderId`), never the raw path; `unmatched` for none. */
export function httpMetrics(metrics: Metrics): Koa.Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const route = typeof matched === 'string' ? matched : 'unmatched';
      const method = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(ctx.method) ? ctx.method : 'OTHER';
      metrics.httpRequests.inc({ method, route, status: String(ctx.status) });
      metrics.httpDuration.observe({ method, route }, (performance.now() - started) / 1000);
    }
  };
}

/** Two middlewares as one: `outer` around `inner`. */
export const observeBoth =
  (outer: Koa.Middleware, inner: Koa.Middleware): Koa.Middleware =>
  (ctx, next) =>
    outer(ctx, () => inner(ctx, next));

/**
 * `GET /metrics` in Prometheus' text format. With a token, only `Authorization: Bearer <token>`
 * may read it (401 otherwise); without one it is open, for a scraper on the operators' network.
 */
export function metricsRoutes(deps: { readonly metrics: Metrics; readonly token?: string | undefined }): Router {
  const router = new Router();
  const expected = deps.token === undefined ? undefined : Buffer.from(`Bearer ${deps.token}`);
  router.get('/metrics', async (ctx) => {
    if (expected !== undefined) {
      const given = Buffer.from(ctx.get('authorization'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        ctx.body = 'metrics need the configured bearer token\n';
        return;
      }
    }
    ctx.set('Content-Type', deps.metrics.registry.contentType);
    ctx.body = await deps.metrics.registry.metrics();
  });
  return router;
}

describeRoute({
  method: 'get',
  path: '/metrics',
  summary: "The service's metrics in Prometheus' text format",
  description:
    'HTTP requests, webhooks, payments, verification failures, gateway calls, and what is open or stuck (read at scrape time). Open unless `METRICS_TOKEN` is set; then it needs `Authorization: Bearer <METRICS_TOKEN>`.',
  tags: ['operations'],
  auth: 'none',
  responses: {
    200: { description: 'the metrics', contentType: 'text/plain; version=0.0.4' },
    401: { description: 'METRICS_TOKEN is set and the request did not carry it', contentType: 'text/plain' },
  },
});

/** The intake, counting each delivery by gateway and outcome (`verified`: signed, new, handed to its saga). */
export function countedWebhookIntake(intake: WebhookIntake, metrics: Metrics): WebhookIntake {
  return async (gateway, rawBody, headers) => {
    let outcome: WebhookMetricOutcome = 'undelivered';
    try {
      const result = await intake(gateway, rawBody, headers);
      outcome = result.ok ? (result.value === 'signalled' ? 'verified' : result.value) : WEBHOOK_REFUSALS[result.error.code];
      return result;
    } finally {
      metrics.webhooks.inc({ gateway, outcome });
    }
  };
}

const WEBHOOK_REFUSALS: Readonly<Record<'webhooks.unsupported' | 'webhooks.invalid_signature' | 'webhooks.malformed', WebhookMetricOutcome>> = {
  'webhooks.unsupported': 'unsupported',
  'webhooks.invalid_signature': 'invalid_signature',
  'webhooks.malformed': 'malformed',
};

/**
 * The checkout activities, counting what they decide: a verification the gateway did not back (by
 * its error code), and each of the order's payments in the status the saga left it in once the
 * order is confirmed or cancelled, with the time from placing to confirming.
 */
export function countedCheckoutActivities(activities: CheckoutActivities, store: CheckoutStore, metrics: Metrics): CheckoutActivities {
  const orderOf = (orderId: string) => store.read(async (repos) => ({ order: await repos.orders.byId(orderId), payments: await repos.payments.allForOrder(orderId) }));
  const countPayments = async (orderId: string, confirmed: boolean) => {
    const { order, payments } = await orderOf(orderId);
    for (const payment of payments) metrics.payments.inc({ gateway: payment.gateway, status: payment.status });
    if (confirmed && order !== undefined) metrics.confirmation.observe({ gateway: order.gateway }, Math.max(0, (Date.now() - Date.parse(order.placedAt)) / 1000));
  };
  const quietly = (work: () => Promise<void>) => work().catch(() => undefined);
  return {
    ...activities,
    async verifyPayment(input) {
      try {
        return await activities.verifyPayment(input);
      } catch (error) {
        // Business refusals only (non-retryable, typed by code); a gateway that is down is a gateway call metric.
        if (error instanceof ApplicationFailure && error.nonRetryable && error.type) {
          const reason = error.type;
          await quietly(async () => metrics.verificationFailures.inc({ gateway: (await orderOf(input.orderId)).order?.gateway ?? 'unknown', reason }));
        }
        throw error;
      }
    },
    async confirmOrder(input) {
      await activities.confirmOrder(input);
      await quietly(() => countPayments(input.orderId, true));
    },
    async cancelOrder(input) {
      await activities.cancelOrder(input);
      await quietly(() => countPayments(input.orderId, false));
    },
  };
}

/** The transport's reports as gateway call metrics; the endpoint is the client's operation name (a closed set per gateway). */
export function gatewayCallMetrics(metrics: Metrics): (report: GatewayCallReport) => void {
  return (report) => {
    const gateway = report.gateway.toLowerCase();
    const outcome = report.outcome === 'answered' ? 'ok' : report.outcome;
    metrics.gatewayCalls.inc({ gateway, endpoint: report.operation, outcome });
    metrics.gatewayCallDuration.observe({ gateway, endpoint: report.operation }, report.seconds);
  };
}
