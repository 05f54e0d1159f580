import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCustomSearchAttributes } from '../../../adapters/runtime/search-attributes.js';
import { projectRoot } from '../../../adapters/runtime/temporal-binaries.js';
import { startTemporalDevServer, type TemporalDevServerOptions } from '../../../adapters/runtime/temporal-dev-server.js';
import { searchAttributes } from '../../../temporal.config.js';
import { freePort } from '../../support/ports.js';
import { createDevServerEnv, paysagaSearchAttributes } from '../../support/temporal.js';

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'paysaga-temporal-runtime-'));
  await chmod(tempDir, 0o755);
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe('startTemporalDevServer (Temporal CLI start-dev)', () => {
  it('registers the search attributes, serves the namespace and UI, and keeps state across a restart', async () => {
    const options: TemporalDevServerOptions = {
      dbFilename: path.join(tempDir, 'state', 'temporal.db'),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'paysaga-it',
      searchAttributes: paysagaSearchAttributes,
    };
    const workflowId = `checkout-it-${Date.now()}`;

    const first = await startTemporalDevServer(options);
    let firstStopped = false;
    try {
      expect(first.address).toBe(`127.0.0.1:${options.port}`);
      const connection = await Connection.connect({ address: first.address });
      try {
        expect(await listCustomSearchAttributes(connection, 'paysaga-it')).toEqual(paysagaSearchAttributes);
        const { namespaceInfo } = await connection.workflowService.describeNamespace({ namespace: 'paysaga-it' });
        expect(namespaceInfo?.name).toBe('paysaga-it');
        expect((await fetch(first.uiUrl ?? '')).status).toBe(200);
        // The state file runs in WAL mode: header bytes 18/19 (write/read format) are 2, not 1.
        const header = await readFile(options.dbFilename);
        expect([header[18], header[19]]).toEqual([2, 2]);

        // No worker polls this queue: the execution simply stays open, which is all we need.
        const client = new Client({ connection, namespace: 'paysaga-it' });
        await client.workflow.start('checkout', {
          workflowId,
          taskQueue: 'nobody-polls-this',
          typedSearchAttributes: [
            { key: searchAttributes.orderId, value: 'order-42' },
            { key: searchAttributes.amountMinor, value: 123_456 },
          ],
        });
      } finally {
        await connection.close();
      }
      await first.stop();
      firstStopped = true;
      await first.stop(); // idempotent
      expect(isAlive(first.pid)).toBe(false);

      // Same db file, same --search-attribute flags: no "already exists" error, state intact.
      const second = await startTemporalDevServer(options);
      const again = await Connection.connect({ address: second.address });
      try {
        const client = new Client({ connection: again, namespace: 'paysaga-it' });
        const description = await client.workflow.getHandle(workflowId).describe();
        expect(description.status.name).toBe('RUNNING');
        expect(description.typedSearchAttributes.get(searchAttributes.orderId)).toBe('order-42');
        expect(description.typedSearchAttributes.get(searchAttributes.amountMinor)).toBe(123_456);
        expect(
          await eventually(
            () => countWorkflows(client, `OrderId = 'order-42'`),
            (n) => n === 1,
          ),
        ).toBe(1);
        await client.workflow.getHandle(workflowId).terminate('test over');
      } finally {
        await again.close();
        await second.stop();
      }
    } finally {
      if (!firstStopped) await first.stop();
    }
  });

  it('refuses a port another server already holds', async () => {
    const port = await freePort();
    const running = await startTemporalDevServer({ dbFilename: path.join(tempDir, 'busy.db'), port, uiPort: false, namespace: 'default', searchAttributes: {} });
    try {
      await expect(startTemporalDevServer({ dbFilename: path.join(tempDir, 'other.db'), port, uiPort: false, namespace: 'default', searchAttributes: {} })).rejects.toThrow(
        /already listens on 127\.0\.0\.1:\d+/,
      );
    } finally {
      await running.stop();
    }
  });

  it('does not outlive a parent killed with SIGKILL', async () => {
    const script = fileURLToPath(new URL('./fixtures/hold-dev-server.ts', import.meta.url));
    const parent = spawn(process.execPath, ['--import', 'tsx', script, path.join(tempDir, 'orphan.db'), String(await freePort())], {
      cwd: projectRoot(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
    const { serverPid } = JSON.parse(chunk.toString()) as { serverPid: number };
    expect(isAlive(serverPid)).toBe(true);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    expect(
      await eventually(
        () => Promise.resolve(isAlive(serverPid)),
        (alive) => !alive,
        15_000,
      ),
    ).toBe(false);
  });
});

describe('createDevServerEnv (TestWorkflowEnvironment.createLocal with our CLI)', () => {
  it('starts with the search attributes registered', async () => {
    const env = await createDevServerEnv();
    try {
      expect(await listCustomSearchAttributes(env.connection, 'default')).toEqual(paysagaSearchAttributes);
      await env.connection.workflowService.describeNamespace({ namespace: 'default' });
    } finally {
      await env.teardown();
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function countWorkflows(client: Client, query: string): Promise<number> {
  let count = 0;
  for await (const _ of client.workflow.list({ query })) count += 1;
  return count;
}

/** Visibility and process exit are asynchronous: poll until `done` or the time is up. */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(200);
  }
}
