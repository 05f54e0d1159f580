import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../../adapters/observability/metrics.js';
import { registerStateGauges } from '../../../adapters/observability/state-gauges.js';

/** The rules file and the dashboard as they ship, checked without promtool: names, shape, and metrics that exist. */

interface Rule {
  readonly alert?: string;
  readonly expr?: unknown;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

const rules = parse(readFileSync(new URL('../../../observability/alerts.yml', import.meta.url), 'utf8')) as { groups: { name: string; rules: Rule[] }[] };
const dashboard = JSON.parse(readFileSync(new URL('../../../observability/grafana/dashboards/paysaga.json', import.meta.url), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

/** Every series name the service exports: its registry's metrics, histograms with their three series. */
async function exportedNames(): Promise<Set<string>> {
  const metrics = createMetrics();
  registerStateGauges(metrics, { sql: async () => [], gateways: [] });
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
  }
  return names;
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'le', 'inf', 'nan']);

/** The metric names a PromQL expression selects: identifiers outside label matchers, grouping lists and strings that are not functions. */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '');
  return [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?/g)]
    .filter(([, name, call]) => call === undefined && !PROMQL_WORDS.has(name!.toLowerCase()) && !/^\d/.test(name!))
    .map(([, name]) => name!);
}

describe('observability/alerts.yml', () => {
  const all = rules.groups.flatMap((group) => group.rules);

  it('has the alerts operators asked for, each with an expression, a severity and a summary', () => {
    expect(all.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining(['PaymentSuccessRateDrop', 'PaymentVerificationFailures', 'StuckPaymentIntents', 'SagasNeedAttention', 'WebhookRejects', 'NotificationOutboxBacklog']),
    );
    for (const rule of all) {
      expect(typeof rule.expr, rule.alert).toBe('string');
      expect(['page', 'warning', 'info'], rule.alert).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary'], rule.alert).toBeTruthy();
      if (rule.for !== undefined) expect(rule.for, rule.alert).toMatch(/^\d+[smhd]$/);
    }
    expect(new Set(all.map((rule) => rule.alert)).size).toBe(all.length);
  });

  it('names only metrics the service exports, and every rule names one', async () => {
    const exported = await exportedNames();
    for (const rule of all) {
      const names = metricNamesIn(String(rule.expr));
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) expect(exported, `${rule.alert}: ${name}`).toContain(name);
    }
  });

  it('reads metric names out of PromQL, not label names, functions or keywords', () => {
    expect(metricNamesIn('sum by (gateway) (increase(paysaga_payments_total{status="completed", x=~"a|b"}[30m])) / 2 > 0.7 and up == 1')).toEqual(['paysaga_payments_total', 'up']);
    expect(metricNamesIn('histogram_quantile(0.95, sum by (le) (rate(a_bucket[5m])))')).toEqual(['a_bucket']);
  });
});

describe('the Grafana dashboard', () => {
  it("queries the service's metrics by their exported names (the Temporal SDK's keep its temporal_ prefix)", async () => {
    const exported = await exportedNames();
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        for (const name of metricNamesIn(target.expr.replaceAll('$__rate_interval', '5m'))) {
          if (!name.startsWith('temporal_')) expect(exported, `${panel.title}: ${name}`).toContain(name);
        }
      }
    }
  });
});
