import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../adapters/temporal/worker.js';
import { encryptingDataConverter } from '../../adapters/temporal/payload-codec.js';
import { loadConfig } from '../../src/config.js';

/**
 * Histories recorded from earlier versions of the sagas (`test/fixtures/histories/`), replayed by
 * today's workflow code. A saga still open when a new worker is deployed (a bank transfer waits up
 * to 7 days) must carry on where it stood: a change to the workflow that would send it down
 * another path fails here with a non-determinism error instead of in production.
 */
interface RecordedHistory {
  events: { workflowExecutionStartedEventAttributes?: { input: { payloads: { data: string }[] } } }[];
}

const folder = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

describe('replaying recorded saga histories with the current workflow code', async () => {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.json')).sort();
  const bundle = bundleWorkflows();
  const dataConverter = encryptingDataConverter(loadConfig({ DEMO_MODE: 'true' }).temporal.payloadKeys);

  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without a non-determinism error', async (file) => {
    const history = JSON.parse(await readFile(path.join(folder, file), 'utf8')) as RecordedHistory;
    // Step keys derive from the workflow id (`checkout-<orderId>`): replay under the original one.
    const input = history.events[0]!.workflowExecutionStartedEventAttributes!.input.payloads[0]!.data;
    const workflowId = `checkout-${(JSON.parse(Buffer.from(input, 'base64').toString('utf8')) as { order: { orderId: string } }).order.orderId}`;
    // Recorded with JSON.stringify of the fetched history (protobufjs toJSON), read back with fromObject.
    const replayed = temporal.api.history.v1.History.fromObject(history);
    // With the workers' codec: histories recorded since payloads are encrypted replay too (older ones pass through).
    await expect(Worker.runReplayHistory({ workflowBundle: await bundle, dataConverter }, replayed, workflowId)).resolves.toBeUndefined();
  });
});
