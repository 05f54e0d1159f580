import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../adapters/temporal/worker.js';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

describe('workflow bundle', () => {
  it('bundles the workflows the worker runs', async () => {
    const bundle = await bundleWorkflows();
    expect(bundle.code).toContain('checkoutWorkflow');
  });

  it('refuses a workflow that imports a module with I/O', async () => {
    const workflowsPath = fileURLToPath(new URL('../fixtures/forbidden-workflow/index.ts', import.meta.url));
    const errors: string[] = [];
    const logger = { ...silent, error: (message: string, meta?: unknown) => void errors.push(`${message} ${JSON.stringify(meta ?? '')}`) };
    await expect(bundleWorkflowCode({ workflowsPath, logger })).rejects.toThrow(/Webpack finished with errors/);
    expect(errors.join('\n')).toMatch(/fs/);
  });
});
