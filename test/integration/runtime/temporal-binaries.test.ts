import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot, temporalCliPath, temporalTestServerPath } from '../../../adapters/runtime/temporal-binaries.js';

describe('Temporal binaries', () => {
  const saved = { cli: process.env.TEMPORAL_CLI_PATH, testServer: process.env.TEMPORAL_TEST_SERVER_PATH };
  afterEach(() => {
    restore('TEMPORAL_CLI_PATH', saved.cli);
    restore('TEMPORAL_TEST_SERVER_PATH', saved.testServer);
  });

  it('are found under the project root, whatever the cwd', () => {
    delete process.env.TEMPORAL_CLI_PATH;
    delete process.env.TEMPORAL_TEST_SERVER_PATH;
    expect(existsSync(path.join(projectRoot(), 'package.json'))).toBe(true);
    expect(temporalCliPath()).toBe(path.join(projectRoot(), '.tools', 'bin', 'temporal'));
    expect(temporalTestServerPath()).toBe(path.join(projectRoot(), '.tools', 'temporal-test-server', 'temporal-test-server'));
  });

  it('fail with the command to run when missing', () => {
    process.env.TEMPORAL_CLI_PATH = '/nonexistent/temporal';
    process.env.TEMPORAL_TEST_SERVER_PATH = '/nonexistent/test-server';
    expect(() => temporalCliPath()).toThrow(/Temporal CLI not found \(TEMPORAL_CLI_PATH=\/nonexistent\/temporal\)\. Run `node scripts\/ensure-temporal\.mjs`/);
    expect(() => temporalTestServerPath()).toThrow(/time-skipping test server not found .*ensure-temporal/);
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
