/**
 * The stack under test: the same `dev` command as `npm start` (embedded PostgreSQL, Temporal dev
 * server with a file database, gateway sandboxes, worker and API in one node process), started
 * as a child process on free ports with a temporary data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { freeStackPorts, mainArgs, makeDataDir, root, spawnMain, stackEnv } from '../../scripts/lib/local-stack.js';

export { freePort, root } from '../../scripts/lib/local-stack.js';

export interface Stack {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly dataDir: string;
  readonly ports: { api: number; sandbox: number; temporal: number; ui: number; postgres: number };
  readonly api: string;
  readonly sandbox: string;
  readonly temporalAddress: string;
  readonly databaseUrl: string;
  readonly command: string;
  readonly env: Record<string, string>;
  readonly startupMs: number;
  readonly output: string[];
}

export async function startStack(extraEnv: Record<string, string> = {}, nodeFlags: readonly string[] = []): Promise<Stack> {
  const dataDir = await makeDataDir('paysaga-bench-');
  const ports = await freeStackPorts();
  const env: Record<string, string> = { ...stackEnv(dataDir, ports), ...extraEnv };
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv['DATABASE_URL'];
  delete childEnv['TEMPORAL_ADDRESS'];
  const args = mainArgs('dev', nodeFlags);
  const started = performance.now();
  const child = spawnMain('dev', { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], nodeFlags });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not start in 180 s:\n${output.join('').slice(-4000)}`)), 180_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code}:\n${output.join('').slice(-4000)}`));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 500) output.splice(0, output.length - 500);
      if (output.join('').includes('paysaga is running')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 500) output.splice(0, output.length - 500);
    });
    child.once('exit', onExit);
  });
  const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${ports.postgres}/paysaga`;
  return {
    child,
    pid: child.pid!,
    dataDir,
    ports,
    api: `http://127.0.0.1:${ports.api}`,
    sandbox: `http://127.0.0.1:${ports.sandbox}`,
    temporalAddress: `127.0.0.1:${ports.temporal}`,
    databaseUrl,
    command: `${Object.entries(env)
      .map(([k, v]) => `${k}=${k === 'DATA_DIR' ? '<tmp>' : v}`)
      .join(' ')} node ${args.join(' ')}`,
    env,
    startupMs: Math.round(performance.now() - started),
    output,
  };
}

/** Asks a child to stop with `signal`, and kills it when it has not exited after `graceMs`. */
async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopStack(stack: Stack): Promise<void> {
  await stopChild(stack.child, 'SIGINT', 30_000);
  await rm(stack.dataDir, { recursive: true, force: true });
}

/** A node child process running a file of this folder with tsx; resolves once it prints `ready <port>`. */
export async function startHelper(file: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; pid: number; port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', file)], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start in 120 s:\n${output.join('')}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /ready (\d+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code}:\n${output.join('')}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    port,
    stop: () => stopChild(child, 'SIGTERM', 20_000),
  };
}
