import { ContainerModule } from 'inversify';
import type { Config } from '../../src/config.js';
import { observeGatewayCalls } from '../gateways/http-transport.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { countedCheckoutActivities, countedWebhookIntake, gatewayCallMetrics, httpMetrics, metricsRoutes, observeBoth } from '../observability/instrumentation.js';
import { registerStateGauges } from '../observability/state-gauges.js';
import { httpTracing } from '../observability/tracing.js';
import { TOKENS } from './tokens.js';

/**
 * One metrics registry per process. Dev mode builds the worker's container and the API's from the
 * same configuration in one process: they share its registry, so the API's `/metrics` shows the
 * activities' counters too. Each harness in a test has a configuration, so a registry, of its own.
 */
const registries = new WeakMap<Config, Metrics>();

export function metricsFor(config: Config): Metrics {
  let metrics = registries.get(config);
  if (metrics === undefined) {
    metrics = createMetrics();
    registries.set(config, metrics);
    // The gateways' shared transport reports every call of the process to the newest registry.
    observeGatewayCalls(gatewayCallMetrics(metrics));
  }
  return metrics;
}

// Observability: the registry, the counting wrappers around what the other modules bind, `/metrics`
// and the HTTP edge's observer (trace span and request metrics).
export const observabilityModule = new ContainerModule(({ bind, onActivation }) => {
  bind(TOKENS.metrics).toDynamicValue((context) => metricsFor(context.get(TOKENS.config)));
  onActivation(TOKENS.checkoutActivities, (context, activities) => countedCheckoutActivities(activities, context.get(TOKENS.checkoutStore), context.get(TOKENS.metrics)));
  onActivation(TOKENS.webhookIntake, (context, intake) => countedWebhookIntake(intake, context.get(TOKENS.metrics)));
  bind(TOKENS.metricsRouter)
    .toDynamicValue((context) => {
      const config = context.get(TOKENS.config);
      const metrics = context.get(TOKENS.metrics);
      const orm = context.get(TOKENS.orm);
      // The shop-wide gauges are read by the API's scrape only: workers would report the same totals again.
      registerStateGauges(metrics, {
        sql: (query, params) => orm.em.fork().execute(query, params),
        temporal: context.get(TOKENS.temporalClient),
        gateways: config.enabledGateways,
      });
      return metricsRoutes({ metrics, token: config.observability.metricsToken });
    })
    .inSingletonScope();
  bind(TOKENS.httpObserver).toDynamicValue((context) => observeBoth(httpTracing(), httpMetrics(context.get(TOKENS.metrics))));
});
