import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { StripeClient } from '../../../../adapters/gateways/stripe/client.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN_DIR = `${PROJECT_ROOT}.tools/bin`;
/** Stripe's official mock server, installed where the test setup keeps its tools. */
export const STRIPE_MOCK_BIN = `${BIN_DIR}/stripe-mock`;

/**
 * Installs stripe-mock with `go install github.com/stripe/stripe-mock@latest` into
 * `.tools/bin` when it is missing. Throws (never skips) when that fails.
 */
export function ensureStripeMock(): string {
  if (existsSync(STRIPE_MOCK_BIN)) return STRIPE_MOCK_BIN;
  const result = spawnSync('go', ['install', 'github.com/stripe/stripe-mock@latest'], {
    env: { ...process.env, GOBIN: BIN_DIR },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (result.error !== undefined || result.status !== 0 || !existsSync(STRIPE_MOCK_BIN)) {
    const why = result.error?.message ?? `exit ${String(result.status)}: ${result.stderr}`;
    throw new Error(`could not install stripe-mock with go install (GOBIN=${BIN_DIR}): ${why}`);
  }
  return STRIPE_MOCK_BIN;
}

export interface RunningStripeMock {
  /** `http://127.0.0.1:<port>`: the `apiBaseUrl` for `StripeClient`. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts stripe-mock on free ports: `-http-addr 127.0.0.1:0` (the port is read from its
 * "Listening for HTTP at address" line) and `-https-addr 127.0.0.1:0`, because otherwise it also
 * opens HTTPS on the fixed port 12112.
 */
export async function startStripeMock(bin = ensureStripeMock()): Promise<RunningStripeMock> {
  const child: ChildProcess = spawn(bin, ['-http-addr', '127.0.0.1:0', '-https-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stripe-mock did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /Listening for HTTP at address: [^\s]*:(\d+)/.exec(output);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stripe-mock exited with ${String(code)}:\n${output}`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs stripe-mock for the test file that calls this (started before its tests, stopped after) and
 * answers clients of it: `secretKey` `sk_test_123` unless named, no network retries.
 */
export function useStripeMock(): (secretKey?: string) => StripeClient {
  let mock: RunningStripeMock | undefined;
  beforeAll(async () => {
    mock = await startStripeMock();
  }, 600_000);
  afterAll(() => mock?.stop());
  return (secretKey = 'sk_test_123') => {
    if (mock === undefined) throw new Error('stripe-mock is not running yet');
    return new StripeClient({ secretKey, apiBaseUrl: mock.url, maxNetworkRetries: 0, timeoutMs: 10_000 });
  };
}
