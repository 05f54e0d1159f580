/**
 * What the scripts and the benchmark share to run paysaga's stack on this machine: the checkout's
 * root, free ports, a temporary data folder, `src/main.ts` in a child process, and waiting.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A TCP port free right now on 127.0.0.1; whoever binds it next may still lose a race for it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh folder under the system's temporary one, `prefix` and a random tail. */
export async function makeDataDir(prefix: string): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as another user that must enter it
  return dataDir;
}

/** The node arguments that run `src/main.ts <role>` with tsx. */
export const mainArgs = (role: string, nodeFlags: readonly string[] = []): string[] => [...nodeFlags, '--import', 'tsx', 'src/main.ts', role];

/** `src/main.ts <role>` (api, worker, dev) as a child process of this one, in the checkout's root. */
export function spawnMain(role: string, options: { readonly env: NodeJS.ProcessEnv; readonly stdio: StdioOptions; readonly nodeFlags?: readonly string[] }): ChildProcess {
  return spawn(process.execPath, mainArgs(role, options.nodeFlags), { cwd: root, env: options.env, stdio: options.stdio });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 250 ms until it holds; throws naming `what` when it has not within `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`${what} did not come up in ${timeoutMs} ms`);
}

/** The ports one whole stack listens on (`npm start`'s API, sandboxes, Temporal, its UI, PostgreSQL). */
export interface StackPorts {
  readonly api: number;
  readonly sandbox: number;
  readonly temporal: number;
  readonly ui: number;
  readonly postgres: number;
  /** The local SMTP server that keeps demo mode's mail. */
  readonly mail: number;
}

export async function freeStackPorts(): Promise<StackPorts> {
  return { api: await freePort(), sandbox: await freePort(), temporal: await freePort(), ui: await freePort(), postgres: await freePort(), mail: await freePort() };
}

/** The settings that run one whole stack (`src/main.ts dev`) in `dataDir` on `ports`, logging warnings only. */
export function stackEnv(dataDir: string, ports: StackPorts): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    PORT: String(ports.api),
    SANDBOX_PORT: String(ports.sandbox),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    EMBEDDED_POSTGRES_PORT: String(ports.postgres),
    MAIL_CATCHER_PORT: String(ports.mail),
    LOG_LEVEL: 'warn',
  };
}
