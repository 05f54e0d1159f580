#!/usr/bin/env node
// Makes sure both Temporal servers exist under .tools/, building them from Go and Maven
// sources: the SDK's own downloads (temporal.download) are not reachable from every machine.
//
//   .tools/bin/temporal                                    Temporal CLI (dev server), via `go install`
//   .tools/temporal-test-server/temporal-test-server       Java time-skipping test server, via Maven
//
// TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH point at existing binaries instead.
// Idempotent: a second run only checks versions and stamps.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = path.join(root, '.tools');

const CLI_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';
// Later tags carry replace directives in go.mod, which `go install pkg@version` refuses.
const CLI_VERSION = '1.5.1';
const cliPath = path.join(tools, 'bin', 'temporal');

const testServerPom = path.join(root, 'scripts', 'temporal-test-server', 'pom.xml');
const testServerDir = path.join(tools, 'temporal-test-server');
const testServerLib = path.join(testServerDir, 'lib');
const testServerStamp = path.join(testServerLib, '.complete');
const testServerWrapper = path.join(testServerDir, 'temporal-test-server');

class EnsureError extends Error {}

function log(message) {
  console.log(`[ensure-temporal] ${message}`);
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command quietly and returns its output, or undefined when it cannot run or fails. */
function probe(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.trim();
}

function requireTool(command, args, purpose, hint) {
  const output = probe(command, args);
  if (output === undefined) {
    throw new EnsureError(`\`${command}\` was not found on PATH (or \`${command} ${args.join(' ')}\` failed); it is needed ${purpose}. ${hint}`);
  }
  return output.split('\n')[0];
}

function run(command, args, { filterAnsi = false, ...options } = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  const started = Date.now();
  // Maven 3.8 prints stray colour codes even with -B -q; those are dropped from its output.
  const stdio = filterAnsi ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'];
  const result = spawnSync(command, args, { stdio, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (filterAnsi) {
    const strip = (text) => (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
    process.stdout.write(strip(result.stdout));
    process.stderr.write(strip(result.stderr));
  }
  if (result.error) throw new EnsureError(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new EnsureError(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? `signal ${result.signal}`})`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function checkOverride(variable) {
  const file = process.env[variable];
  if (!file) return false;
  if (!existsSync(file)) throw new EnsureError(`${variable}=${file} does not exist`);
  if (!isExecutable(file)) throw new EnsureError(`${variable}=${file} is not executable`);
  log(`${variable} is set: using ${file}`);
  return true;
}

function cliVersionOk() {
  if (!isExecutable(cliPath)) return false;
  const output = probe(cliPath, ['--version']);
  if (output?.startsWith(`temporal version ${CLI_VERSION} `)) return true;
  // A build without the version stamped in: ask Go which module version it was built from.
  const info = probe('go', ['version', '-m', cliPath]);
  return info !== undefined && new RegExp(`\\bmod\\s+github\\.com/temporalio/cli\\s+v${CLI_VERSION.replaceAll('.', '\\.')}\\b`).test(info);
}

function ensureCli() {
  if (checkOverride('TEMPORAL_CLI_PATH')) return;
  if (cliVersionOk()) {
    log(`Temporal CLI ${CLI_VERSION}: cached at ${path.relative(root, cliPath)}`);
    return;
  }
  const go = requireTool(
    'go',
    ['version'],
    `to build the Temporal CLI ${CLI_VERSION}`,
    'Install Go (https://go.dev/dl/) or set TEMPORAL_CLI_PATH to an existing `temporal` binary.',
  );
  log(`Temporal CLI ${CLI_VERSION}: building with ${go} (first time takes minutes)`);
  mkdirSync(path.dirname(cliPath), { recursive: true });
  run('go', ['install', '-trimpath', `-ldflags=-s -w -X github.com/temporalio/cli/temporalcli.Version=${CLI_VERSION}`, `${CLI_PACKAGE}@v${CLI_VERSION}`], {
    // CGO off: a static binary that needs no C compiler (its SQLite is pure Go).
    env: { ...process.env, GOBIN: path.dirname(cliPath), CGO_ENABLED: '0' },
  });
  if (!cliVersionOk()) throw new EnsureError(`go install finished but ${cliPath} does not report version ${CLI_VERSION}`);
  log(`Temporal CLI ${CLI_VERSION}: installed at ${path.relative(root, cliPath)}`);
}

function wrapperScript() {
  // Level warn: the server's own errors still reach stderr, its chatter does not.
  return [
    '#!/bin/sh',
    "# Written by scripts/ensure-temporal.mjs; starts Temporal's time-skipping test server. Usage: temporal-test-server <port>",
    `exec "\${JAVA_HOME:+$JAVA_HOME/bin/}java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} -cp '${testServerLib}/*' io.temporal.testserver.TestServer "$@"`,
    '',
  ].join('\n');
}

function ensureTestServer() {
  if (checkOverride('TEMPORAL_TEST_SERVER_PATH')) return;
  const javaHint = 'Install a Java 11+ runtime (e.g. apt-get install openjdk-17-jre-headless) or set TEMPORAL_TEST_SERVER_PATH to an existing test server binary.';
  const javaCommand = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  // The wrapper runs java at test time, so it must be there even when the classpath is cached.
  const java = requireTool(javaCommand, ['-version'], 'to run the time-skipping test server', javaHint);
  const pomHash = createHash('sha256').update(readFileSync(testServerPom)).digest('hex');
  const cached = existsSync(testServerStamp) && readFileSync(testServerStamp, 'utf8').trim() === pomHash;
  if (cached) {
    log(`time-skipping test server: classpath cached at ${path.relative(root, testServerLib)}`);
  } else {
    const mvn = requireTool(
      'mvn',
      ['-v'],
      'to fetch the time-skipping test server from Maven Central',
      'Install Maven (e.g. apt-get install maven) or set TEMPORAL_TEST_SERVER_PATH.',
    );
    log(`time-skipping test server: resolving ${path.relative(root, testServerPom)} with ${mvn.replace(/\u001b\[[0-9;]*m/g, '')} and ${java}`);
    // Copy into a fresh directory and swap it in, so an interrupted run never looks complete.
    const staging = `${testServerLib}.partial`;
    rmSync(staging, { recursive: true, force: true });
    run('mvn', ['-B', '-q', '-ntp', '-Dstyle.color=never', '-f', testServerPom, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], { filterAnsi: true });
    writeFileSync(path.join(staging, '.complete'), `${pomHash}\n`);
    rmSync(testServerLib, { recursive: true, force: true });
    renameSync(staging, testServerLib);
  }
  const script = wrapperScript();
  if (!existsSync(testServerWrapper) || readFileSync(testServerWrapper, 'utf8') !== script || !isExecutable(testServerWrapper)) {
    writeFileSync(testServerWrapper, script, { mode: 0o755 });
    log(`time-skipping test server: wrote ${path.relative(root, testServerWrapper)}`);
  } else {
    log(`time-skipping test server: ready at ${path.relative(root, testServerWrapper)}`);
  }
}

// `--cli-only`: `npm start` needs the dev server, not the test server (and so not Java).
const cliOnly = process.argv.includes('--cli-only');
const started = Date.now();
try {
  ensureCli();
  if (!cliOnly) ensureTestServer();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
} catch (error) {
  const message = error instanceof EnsureError ? error.message : (error?.stack ?? String(error));
  console.error(`[ensure-temporal] ERROR: ${message}`);
  process.exit(1);
}
