import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import { checkoutIds } from './log-context.js';

/**
 * The Temporal SDK's logs — its own (worker state, activity failures), the workflows' `log` and the
 * activities' `Context.log`, and the native core's, forwarded — written by the service's pino
 * logger, so a process writes one JSON format. A line about a checkout saga names its `workflowId`
 * (the SDK adds it) and the `orderId` it is for (read from the workflow id `checkout-<orderId>`).
 */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const { error, ...fields } = meta as Record<string, unknown>;
    const workflowId = typeof fields['workflowId'] === 'string' ? fields['workflowId'] : typeof fields['workflow_id'] === 'string' ? fields['workflow_id'] : undefined;
    const object = { ...fields, ...(workflowId === undefined ? {} : checkoutIds(workflowId)), ...(error === undefined ? {} : { err: error }) };
    switch (level) {
      case 'TRACE':
        return this.logger.trace(object, message);
      case 'DEBUG':
        return this.logger.debug(object, message);
      case 'INFO':
        return this.logger.info(object, message);
      case 'WARN':
        return this.logger.warn(object, message);
      case 'ERROR':
        return this.logger.error(object, message);
    }
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

export interface TemporalRuntimeOptions {
  readonly logger: Logger;
  /** `host:port` of the SDK's Prometheus exporter (`/metrics` there); no exporter without it. */
  readonly metricsAddress?: string | undefined;
}

/**
 * Installs the process's Temporal Runtime: its logs into pino, its metrics (task queue and
 * schedule-to-start latencies, sticky cache, activity and workflow task failures, with the
 * `temporal_` prefix) on the Prometheus exporter when an address is given. Must run before the
 * first `NativeConnection` (the worker's); the Runtime can be installed once per process.
 */
export function installTemporalRuntime(options: TemporalRuntimeOptions): Runtime {
  return Runtime.install({
    logger: new PinoTemporalLogger(options.logger.child({ component: 'temporal' })),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
      ...(options.metricsAddress === undefined ? {} : { metrics: { prometheus: { bindAddress: options.metricsAddress, countersTotalSuffix: true } } }),
    },
  });
}
