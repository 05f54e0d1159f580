/** A worker for the no-op workflow, in its own process, on the stack's dev server. Prints `ready 0`. */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { NoopActivities } from './workflows.js';

const address = process.env['TEMPORAL_ADDRESS'];
if (!address) throw new Error('TEMPORAL_ADDRESS must be set');
export const ENGINE_TASK_QUEUE = 'bench-engine-noop';

const activities: NoopActivities = { noop: async () => undefined };
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  namespace: 'default',
  taskQueue: process.env['ENGINE_TASK_QUEUE'] ?? ENGINE_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  activities,
});
const running = worker.run();
process.stdout.write('ready 0\n');
const stop = () => worker.shutdown();
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
await running;
await connection.close();
