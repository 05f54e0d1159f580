import type { Client } from '@temporalio/client';
import { Gauge } from 'prom-client';
import { METRIC_NAMES, scrapeTimeGauge, type Metrics } from './metrics.js';

/**
 * Gauges read when Prometheus scrapes, from the stores that hold the truth: PostgreSQL for
 * orders, refunds, the outbox and the kill switches; Temporal's visibility for the sagas parked
 * for an operator (a checkout's saga state lives in its workflow and search attributes, not in a
 * table). Each source that cannot answer reports `paysaga_metrics_source_up{source} 0` and leaves
 * its gauge empty, so one slow dependency never fails the whole scrape. Register them in the one
 * process per deployment that serves `/metrics` for the shop as a whole (the API), or every
 * replica reports the same totals.
 */

/** Runs one SQL query and returns its rows (a forked EntityManager's `execute`). */
export type Sql = <T>(query: string, params?: unknown[]) => Promise<T[]>;

export interface StateGaugeSources {
  readonly sql: Sql;
  /** Absent: the parked checkout, top-up and late-payment sagas are not counted. */
  readonly temporal?: Client;
  /** Gateways this deployment offers: a kill switch never set reads as enabled. */
  readonly gateways: readonly string[];
}

/** How long an open checkout has waited since it was placed. */
const AGE_BUCKET = `case when age < 300 then 'under_5m' when age < 1800 then '5m_to_30m' when age < 7200 then '30m_to_2h'
  when age < 86400 then '2h_to_24h' else 'over_24h' end`;

/** The workflows that park with `CheckoutStatus` set to this value, by the saga label they report. */
const PARKED_QUERIES: Readonly<Record<string, string>> = {
  checkout: `WorkflowType = 'checkoutWorkflow' AND CheckoutStatus = 'needs_attention' AND ExecutionStatus = 'Running'`,
  wallet_top_up: `WorkflowType = 'walletTopUpWorkflow' AND CheckoutStatus = 'needs_attention' AND ExecutionStatus = 'Running'`,
  late_payment: `WorkflowType = 'latePaymentWorkflow' AND CheckoutStatus = 'late_payment_needs_attention' AND ExecutionStatus = 'Running'`,
};

export function registerStateGauges(metrics: Metrics, sources: StateGaugeSources): void {
  const { sql } = sources;
  const sourceUp = new Gauge<'source'>({
    name: METRIC_NAMES.sourceUp,
    help: 'Whether a scrape-time source answered at the last scrape (1) or not (0)',
    labelNames: ['source'],
    registers: [metrics.registry],
  });
  const count = (value: string | number) => Number(value);
  /** A `group by` query's rows as samples: its `labels` columns as labels, its `n` column as the value. */
  const counted =
    <L extends string>(query: string, labels: readonly L[]) =>
    async () =>
      (await sql<Record<L | 'n', string>>(query)).map((row) => ({
        labels: Object.fromEntries(labels.map((label) => [label, String(row[label])])) as Partial<Record<L, string>>,
        value: count(row.n),
      }));

  scrapeTimeGauge(
    metrics,
    {
      name: METRIC_NAMES.openCheckouts,
      help: 'Orders not yet confirmed or cancelled, by status, gateway and time since placed (stuck intents sit in the old buckets)',
      labelNames: ['status', 'gateway', 'age'],
      source: 'orders',
    },
    counted(
      `select status, gateway, ${AGE_BUCKET} as age, count(*)::text as n
         from (select status, gateway, extract(epoch from now() - placed_at) as age from orders where status in ('pending_payment', 'paid')) open
        group by 1, 2, 3`,
      ['status', 'gateway', 'age'],
    ),
    sourceUp,
  );

  scrapeTimeGauge(
    metrics,
    {
      name: METRIC_NAMES.pendingRefunds,
      help: 'Refunds not yet settled, by destination, and whether parked for an operator',
      labelNames: ['destination', 'parked'],
      source: 'refunds',
    },
    counted(`select destination, (attention_since is not null)::text as parked, count(*)::text as n from refunds where status = 'pending' group by 1, 2`, [
      'destination',
      'parked',
    ]),
    sourceUp,
  );

  scrapeTimeGauge(
    metrics,
    {
      name: METRIC_NAMES.outboxBacklog,
      help: 'Notification outbox messages not sent, by channel and status (parked: given up after too many attempts)',
      labelNames: ['channel', 'status'],
      source: 'outbox',
    },
    counted(`select channel, status, count(*)::text as n from notification_outbox where status in ('pending', 'sending', 'parked') group by 1, 2`, ['channel', 'status']),
    sourceUp,
  );

  scrapeTimeGauge(
    metrics,
    { name: METRIC_NAMES.outboxOldest, help: 'Age of the oldest notification still waiting to be sent', labelNames: [], source: 'outbox' },
    async () => {
      const rows = await sql<{ seconds: string | null }>(
        `select extract(epoch from now() - min(created_at))::text as seconds from notification_outbox where status in ('pending', 'sending')`,
      );
      return [{ labels: {}, value: Number(rows[0]?.seconds ?? 0) }];
    },
    sourceUp,
  );

  scrapeTimeGauge(
    metrics,
    {
      name: METRIC_NAMES.gatewayEnabled,
      help: 'Kill switch per gateway: 1 takes new checkouts, 0 switched off by an operator',
      labelNames: ['gateway'],
      source: 'gateway_switches',
    },
    async () => {
      const rows = await sql<{ gateway: string; enabled: boolean }>(`select gateway, enabled from gateway_switches`);
      const switched = new Map(rows.map((row) => [row.gateway, row.enabled]));
      return sources.gateways.map((gateway) => ({ labels: { gateway }, value: switched.get(gateway) === false ? 0 : 1 }));
    },
    sourceUp,
  );

  scrapeTimeGauge(
    metrics,
    { name: METRIC_NAMES.parkedSagas, help: 'Sagas parked for an operator (needs_attention), by saga', labelNames: ['saga'], source: 'parked_sagas' },
    async () => {
      const refunds = await sql<{ n: string }>(`select count(*)::text as n from refunds where status = 'pending' and attention_since is not null`);
      const rows = [{ labels: { saga: 'refund' }, value: count(refunds[0]?.n ?? 0) }];
      const temporal = sources.temporal;
      if (temporal === undefined) return rows;
      // A Temporal server without visibility (the time-skipping test server) still gets the refunds counted.
      try {
        const counted = await Promise.all(Object.entries(PARKED_QUERIES).map(async ([saga, query]) => ({ labels: { saga }, value: (await temporal.workflow.count(query)).count })));
        sourceUp.set({ source: 'temporal_visibility' }, 1);
        return [...rows, ...counted];
      } catch {
        sourceUp.set({ source: 'temporal_visibility' }, 0);
        return rows;
      }
    },
    sourceUp,
  );
}
