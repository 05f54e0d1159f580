/**
 * Temporal test environments backed by the binaries `scripts/ensure-temporal.mjs` builds (the
 * SDK's own downloads are unreachable here). A missing binary throws with the command to run:
 * tests fail, they never skip.
 */
import type { ClientPlugin } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSearchAttributes, type SearchAttributeDefinitions, type SearchAttributeTypeName } from '../../adapters/runtime/search-attributes.js';
import { temporalCliPath, temporalTestServerPath } from '../../adapters/runtime/temporal-binaries.js';
import { devServerQueuePollArgs, devServerTuningArgs } from '../../adapters/runtime/temporal-dev-server.js';
import { searchAttributeFlags } from '../../temporal.config.js';

export type { SearchAttributeDefinitions } from '../../adapters/runtime/search-attributes.js';

/** The service's own search attributes (OrderId, CustomerId, …), registered by default. */
export const paysagaSearchAttributes: SearchAttributeDefinitions = searchAttributeFlags;

export interface TimeSkippingEnvOptions {
  /** Registered before the environment is returned. Default: paysagaSearchAttributes. */
  searchAttributes?: SearchAttributeDefinitions;
  /** The environment's client's data converter (the payload codec its workers use too). */
  dataConverter?: DataConverter;
  /** The environment's client's plugins (tracing). */
  plugins?: ClientPlugin[];
}

/**
 * Java time-skipping test server. It rejects any search attribute it does not know ("search
 * attribute OrderId is not defined") at start and at upsert, and has no --search-attribute
 * flag; they are added through its operator service (AddSearchAttributes; it lacks
 * ListSearchAttributes, and it has no visibility: ListWorkflowExecutions is unimplemented).
 */
export async function createTimeSkippingEnv(options: TimeSkippingEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  const env = await startTimeSkippingServer(options);
  try {
    await ensureSearchAttributes(env.connection, env.namespace ?? 'default', options.searchAttributes ?? paysagaSearchAttributes);
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}

/**
 * The SDK gives the server's JVM a fixed 5 s to listen. On a machine loaded past its cores a cold
 * start can take longer: that one failure (nothing about the code under test) is tried again, a
 * few times; any other error, or the same one past the attempts, fails the test.
 */
async function startTimeSkippingServer(options: TimeSkippingEnvOptions, attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
        client: clientOptions(options),
      });
    } catch (error) {
      const slowStart = error instanceof Error && /did not start within/.test(error.message);
      if (!slowStart || attempt >= attempts) throw error;
    }
  }
}

export interface DevServerEnvOptions {
  /** Passed as --search-attribute flags. Default: paysagaSearchAttributes. */
  searchAttributes?: SearchAttributeDefinitions;
  /** Default `default`. */
  namespace?: string;
  /** Persist state to this SQLite file; in memory by default. */
  dbFilename?: string;
  /** Default: a random free port. */
  port?: number;
  /** Serve the web UI on this port; headless by default. */
  uiPort?: number;
  /** The environment's client's data converter (the payload codec its workers use too). */
  dataConverter?: DataConverter;
  /** The environment's client's plugins (tracing). */
  plugins?: ClientPlugin[];
}

/** The Temporal CLI dev server: a real server (visibility, list queries), no time skipping. */
export async function createDevServerEnv(options: DevServerEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  const searchAttributes = Object.entries(options.searchAttributes ?? paysagaSearchAttributes).map(([name, type]) => defineSearchAttributeKey(name, SDK_TYPES[type]));
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes,
      extraArgs: options.dbFilename === undefined ? devServerQueuePollArgs() : devServerTuningArgs(),
      ...(options.namespace !== undefined && { namespace: options.namespace }),
      ...(options.dbFilename !== undefined && { dbFilename: options.dbFilename }),
      ...(options.port !== undefined && { port: options.port }),
      ...(options.uiPort !== undefined && { ui: true, uiPort: options.uiPort }),
    },
    client: clientOptions(options),
  });
}

const clientOptions = (options: { dataConverter?: DataConverter; plugins?: ClientPlugin[] }) => ({
  ...(options.dataConverter === undefined ? {} : { dataConverter: options.dataConverter }),
  ...(options.plugins === undefined ? {} : { plugins: options.plugins }),
});

const SDK_TYPES: Record<SearchAttributeTypeName, SearchAttributeType> = {
  Keyword: SearchAttributeType.KEYWORD,
  Int: SearchAttributeType.INT,
  Text: SearchAttributeType.TEXT,
  Double: SearchAttributeType.DOUBLE,
  Bool: SearchAttributeType.BOOL,
  Datetime: SearchAttributeType.DATETIME,
  KeywordList: SearchAttributeType.KEYWORD_LIST,
};
