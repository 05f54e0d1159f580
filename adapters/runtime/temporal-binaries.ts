/**
 * Where the Temporal server binaries live. `scripts/ensure-temporal.mjs` builds them into
 * `<project>/.tools` because the SDK's own downloads are not reachable from every machine;
 * `TEMPORAL_CLI_PATH` / `TEMPORAL_TEST_SERVER_PATH` point at binaries installed elsewhere.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENSURE_HINT = 'Run `node scripts/ensure-temporal.mjs` (needs Go, Java and Maven)';

/** The nearest folder above this file holding a package.json, so the answer never depends on cwd. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function resolveBinary(envVariable: string, defaultPath: string, what: string): string {
  const override = process.env[envVariable];
  const file = override ? path.resolve(override) : defaultPath;
  const source = override ? `${envVariable}=${override}` : `expected at ${file}`;
  if (!existsSync(file)) {
    throw new Error(`${what} not found (${source}). ${ENSURE_HINT}${override ? `, or fix ${envVariable}` : ''}.`);
  }
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new Error(`${what} is not executable (${source}). ${ENSURE_HINT}.`);
  }
  return file;
}

/** The Temporal CLI (`temporal server start-dev`). */
export function temporalCliPath(): string {
  return resolveBinary('TEMPORAL_CLI_PATH', path.join(projectRoot(), '.tools', 'bin', 'temporal'), 'Temporal CLI');
}

/** Temporal's Java time-skipping test server; invoked as `<path> <port>`. */
export function temporalTestServerPath(): string {
  return resolveBinary('TEMPORAL_TEST_SERVER_PATH', path.join(projectRoot(), '.tools', 'temporal-test-server', 'temporal-test-server'), 'Temporal time-skipping test server');
}
