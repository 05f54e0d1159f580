import { z } from 'zod';

/** Metrics and telemetry settings, read from the parsed environment (see `src/config.ts`). */
export interface ObservabilitySettings {
  /** `GET /metrics` answers only `Authorization: Bearer <token>` with it; open without (demo mode, a private network). */
  readonly metricsToken?: string;
  /** `host:port` where a worker-only process serves its own `/metrics` (the API serves them on its port). */
  readonly workerMetricsAddress?: string;
  /** `host:port` of the Temporal SDK's Prometheus exporter (task queue latencies, sticky cache, …); off without. */
  readonly temporalMetricsAddress?: string;
}

const hostPort = z.string().regex(/^[A-Za-z0-9.:[\]-]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9464');

/** The observability part of the environment schema. */
export const OBSERVABILITY_ENV = {
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WORKER_METRICS_ADDRESS: hostPort.optional(),
  TEMPORAL_METRICS_ADDRESS: hostPort.optional(),
};

export function observabilitySettings(e: {
  readonly METRICS_TOKEN?: string | undefined;
  readonly WORKER_METRICS_ADDRESS?: string | undefined;
  readonly TEMPORAL_METRICS_ADDRESS?: string | undefined;
}): ObservabilitySettings {
  return {
    ...(e.METRICS_TOKEN === undefined ? {} : { metricsToken: e.METRICS_TOKEN }),
    ...(e.WORKER_METRICS_ADDRESS === undefined ? {} : { workerMetricsAddress: e.WORKER_METRICS_ADDRESS }),
    ...(e.TEMPORAL_METRICS_ADDRESS === undefined ? {} : { temporalMetricsAddress: e.TEMPORAL_METRICS_ADDRESS }),
  };
}
