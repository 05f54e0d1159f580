import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributes } from '../../../temporal.config.js';
import { createTimeSkippingEnv } from '../../support/temporal.js';
import type { searchAttributeProbe } from './fixtures/search-attributes.workflow.js';

const workflowsPath = fileURLToPath(new URL('./fixtures/search-attributes.workflow.ts', import.meta.url));

const startAttributes = [
  { key: searchAttributes.orderId, value: 'order-7' },
  { key: searchAttributes.customerId, value: 'customer-3' },
  { key: searchAttributes.gateway, value: 'khalti' },
  { key: searchAttributes.status, value: 'STARTED' },
  { key: searchAttributes.amountMinor, value: 1_000 },
];

describe('createTimeSkippingEnv (Java test server built by Maven)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('skips a 7-day timer and accepts the registered search attributes at start and on upsert', async () => {
    expect(env.supportsTimeSkipping).toBe(true);
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'runtime-probe', workflowsPath });
    const startedAt = Date.now();
    const serverTimeBefore = await env.currentTimeMs();
    const { result, description } = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof searchAttributeProbe>('searchAttributeProbe', {
        taskQueue: 'runtime-probe',
        workflowId: `probe-${Date.now()}`,
        typedSearchAttributes: startAttributes,
      });
      return { result: await handle.result(), description: await handle.describe() };
    });

    expect(result).toEqual({ statusAtStart: 'STARTED', statusAfterWait: 'PAID', amountAfterWait: 2_500 });
    expect(description.typedSearchAttributes.get(searchAttributes.orderId)).toBe('order-7');
    expect(description.typedSearchAttributes.get(searchAttributes.status)).toBe('PAID');
    expect(description.typedSearchAttributes.get(searchAttributes.amountMinor)).toBe(2_500);
    expect((await env.currentTimeMs()) - serverTimeBefore).toBeGreaterThanOrEqual(7 * 24 * 3600_000);
    expect(Date.now() - startedAt).toBeLessThan(30_000);
  });

  it('has no visibility store: list queries are unimplemented', async () => {
    const listing = env.client.workflow.list({ query: `OrderId = 'order-7'` })[Symbol.asyncIterator]().next();
    const error = await listing.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).cause)).toMatch(/UNIMPLEMENTED: Method temporal\.api\.workflowservice\.v1\.WorkflowService\/ListWorkflowExecutions/);
  });
});

describe('the time-skipping server without registration', () => {
  it('rejects an unknown search attribute at start', async () => {
    const env = await createTimeSkippingEnv({ searchAttributes: {} });
    try {
      const error = await env.client.workflow.start('searchAttributeProbe', { taskQueue: 'nobody', workflowId: 'unregistered', typedSearchAttributes: startAttributes }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).cause)).toMatch(/INVALID_ARGUMENT: search attribute OrderId is not defined/);
    } finally {
      await env.teardown();
    }
  });
});
