import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's own Prometheus metrics, in one registry per process (the composition root builds
 * it). Every label takes its values from a small closed set — route patterns, gateway ids, status
 * codes, error codes — never from an order id, a customer or a raw path, so the number of series
 * stays bounded however many checkouts run.
 */

/** What one webhook delivery came to, as the metrics name it. */
export const WEBHOOK_OUTCOMES = ['verified', 'duplicate', 'unmatched', 'invalid_signature', 'malformed', 'unsupported', 'undelivered'] as const;
export type WebhookMetricOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/** A gateway API call's outcome: answered (any status the client judges), or failed before an answer it could use. */
export type GatewayCallOutcome = 'ok' | 'rejected' | 'retryable' | 'timeout' | 'network_error';

/** Every metric name this service exports, for the alert rules' check and the README. */
export const METRIC_NAMES = {
  httpRequests: 'paysaga_http_requests_total',
  httpDuration: 'paysaga_http_request_duration_seconds',
  webhooks: 'paysaga_webhooks_total',
  payments: 'paysaga_payments_total',
  verificationFailures: 'paysaga_verification_failures_total',
  confirmation: 'paysaga_checkout_confirmation_seconds',
  gatewayCalls: 'paysaga_gateway_calls_total',
  gatewayCallDuration: 'paysaga_gateway_call_duration_seconds',
  openCheckouts: 'paysaga_open_checkouts',
  parkedSagas: 'paysaga_parked_sagas',
  pendingRefunds: 'paysaga_pending_refunds',
  outboxBacklog: 'paysaga_notification_outbox_backlog',
  outboxOldest: 'paysaga_notification_outbox_oldest_seconds',
  gatewayEnabled: 'paysaga_gateway_enabled',
  sourceUp: 'paysaga_metrics_source_up',
} as const;

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly webhooks: Counter<'gateway' | 'outcome'>;
  readonly payments: Counter<'gateway' | 'status'>;
  readonly verificationFailures: Counter<'gateway' | 'reason'>;
  readonly confirmation: Histogram<'gateway'>;
  readonly gatewayCalls: Counter<'gateway' | 'endpoint' | 'outcome'>;
  readonly gatewayCallDuration: Histogram<'gateway' | 'endpoint'>;
}

/** A fresh registry with the service's metrics and Node's process metrics (`paysaga_process_*`, `paysaga_nodejs_*`). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'paysaga_' });
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) => new Histogram<L>({ name, help, labelNames, buckets, registers });
  return {
    registry,
    httpRequests: counter(METRIC_NAMES.httpRequests, 'HTTP requests by route pattern and status', ['method', 'route', 'status']),
    httpDuration: histogram(METRIC_NAMES.httpDuration, 'HTTP request latency by route pattern', ['method', 'route'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
    webhooks: counter(METRIC_NAMES.webhooks, 'Webhook deliveries by gateway and outcome', ['gateway', 'outcome']),
    payments: counter(METRIC_NAMES.payments, 'Checkout payments that reached a final status, by gateway', ['gateway', 'status']),
    verificationFailures: counter(METRIC_NAMES.verificationFailures, "Payments the gateway's own API did not confirm as claimed, by reason", ['gateway', 'reason']),
    confirmation: histogram(
      METRIC_NAMES.confirmation,
      'Time from the order being placed to its confirmation, by gateway',
      ['gateway'],
      [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 86_400],
    ),
    gatewayCalls: counter(METRIC_NAMES.gatewayCalls, 'Gateway API calls by endpoint and outcome', ['gateway', 'endpoint', 'outcome']),
    gatewayCallDuration: histogram(
      METRIC_NAMES.gatewayCallDuration,
      'Gateway API call latency, including reading the body',
      ['gateway', 'endpoint'],
      [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
  };
}

/** A gauge whose values are read when Prometheus scrapes, from `read`'s rows. */
export function scrapeTimeGauge<L extends string>(
  metrics: Metrics,
  options: { readonly name: string; readonly help: string; readonly labelNames: readonly L[]; readonly source: string },
  read: () => Promise<readonly { readonly labels: Partial<Record<L, string>>; readonly value: number }[]>,
  sourceUp: Gauge<'source'>,
): Gauge<L> {
  return new Gauge<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames,
    registers: [metrics.registry],
    async collect() {
      // A source that cannot answer leaves its gauge empty and says so, instead of failing the whole scrape.
      try {
        const rows = await read();
        this.reset();
        for (const row of rows) this.set(row.labels, row.value);
        sourceUp.set({ source: options.source }, 1);
      } catch {
        this.reset();
        sourceUp.set({ source: options.source }, 0);
      }
    },
  });
}
