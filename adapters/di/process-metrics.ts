import type { Config } from '../../src/config.js';
import { observeGatewayCalls } from '../gateways/http-transport.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { gatewayCallMetrics } from '../observability/instrumentation.js';

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
