/**
 * `npm start`'s stack for end-to-end tests: the real command (`src/main.ts dev`) in a child
 * process, on free ports, with its data in a throwaway folder.
 */
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { freeStackPorts, makeDataDir, spawnMain, stackEnv, type StackPorts } from '../../scripts/lib/local-stack.js';

export interface DevStack {
  child: ChildProcess;
  output: string[];
}

/** Starts `src/main.ts dev` with `env` and waits for its "running" banner (or fails with its last output). */
export async function startStack(env: NodeJS.ProcessEnv): Promise<DevStack> {
  const child = spawnMain('dev', { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not start in time:\n${output.join('').slice(-4000)}`)), 150_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('paysaga is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code}:\n${output.join('').slice(-4000)}`));
    });
  });
  return { child, output };
}

/** Ctrl-C; `presses: 2` sends a second one while the stack is stopping (impatient user, or a wrapper relaying it). */
export async function stopStack(stack: DevStack, options: { presses?: number } = {}): Promise<number | null> {
  if (stack.child.exitCode !== null) return stack.child.exitCode;
  const exited = new Promise<number | null>((resolve) => stack.child.once('exit', (code) => resolve(code)));
  stack.child.kill('SIGINT');
  for (let press = 1; press < (options.presses ?? 1); press += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    stack.child.kill('SIGINT');
  }
  return exited;
}

/** A whole stack of its own: ports, data folder, the process; `close` stops it and removes its data. */
export async function ownStack(prefix: string): Promise<{ ports: StackPorts; env: NodeJS.ProcessEnv; stack: DevStack; close: () => Promise<void> }> {
  const dataDir = await makeDataDir(prefix);
  const ports = await freeStackPorts();
  const env: NodeJS.ProcessEnv = { ...process.env, ...stackEnv(dataDir, ports) };
  delete env['DATABASE_URL'];
  delete env['TEMPORAL_ADDRESS'];
  const stack = await startStack(env);
  return {
    ports,
    env,
    stack,
    close: async () => {
      await stopStack(stack);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
