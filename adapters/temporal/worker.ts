import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { WorkerPlugin } from '@temporalio/worker';
import type { CheckoutActivities, RefundActivities } from './activities.js';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Bundles the workflows once; the bundler fails on any import that is not deterministic-safe. */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
}

const noop = () => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };

export interface CheckoutWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly activities: CheckoutActivities & RefundActivities;
  readonly workflowBundle?: WorkflowBundleWithSourceMap;
  readonly maxCachedWorkflows?: number;
  /** The payload codec every client of these workflows uses too (`encryptingDataConverter`). */
  readonly dataConverter?: DataConverter;
  /** Tracing's plugin, when it runs (it adds the workflow interceptors to the bundle). */
  readonly plugins?: WorkerPlugin[];
}

export async function createCheckoutWorker(options: CheckoutWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    ...(options.dataConverter === undefined ? {} : { dataConverter: options.dataConverter }),
    ...(options.plugins === undefined || options.plugins.length === 0 ? {} : { plugins: options.plugins }),
  });
}
