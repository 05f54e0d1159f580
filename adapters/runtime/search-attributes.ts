/**
 * Registering custom search attributes through Temporal's operator service, for servers that
 * take no `--search-attribute` flags (the time-skipping test server) or ignore them for a
 * namespace that already exists (the dev server restarted on its db file).
 */
import type { Connection } from '@temporalio/client';

/** The names `temporal server start-dev --search-attribute Name=Type` accepts. */
export type SearchAttributeTypeName = 'Keyword' | 'Int' | 'Text' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export type SearchAttributeDefinitions = Readonly<Record<string, SearchAttributeTypeName>>;

// temporal.api.enums.v1.IndexedValueType: wire values, fixed by the protocol.
const INDEXED_VALUE_TYPES: Record<SearchAttributeTypeName, number> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

const TYPE_NAMES = new Map(Object.entries(INDEXED_VALUE_TYPES).map(([name, value]) => [value, name as SearchAttributeTypeName]));

/** Custom search attributes registered on `namespace`, by name. */
export async function listCustomSearchAttributes(connection: Connection, namespace: string): Promise<Record<string, SearchAttributeTypeName | `unknown(${number})`>> {
  const response = await connection.operatorService.listSearchAttributes({ namespace });
  return Object.fromEntries(Object.entries(response.customAttributes ?? {}).map(([name, type]) => [name, TYPE_NAMES.get(type) ?? (`unknown(${type})` as const)]));
}

/**
 * Adds the attributes missing on `namespace`; returns the names it added. An attribute that
 * exists with another type is an error: Temporal cannot change a search attribute's type.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string, wanted: SearchAttributeDefinitions): Promise<string[]> {
  let existing: Awaited<ReturnType<typeof listCustomSearchAttributes>>;
  try {
    existing = await listCustomSearchAttributes(connection, namespace);
  } catch (error) {
    if (grpcCode(error) !== GRPC_UNIMPLEMENTED) throw error;
    return addOneByOne(connection, namespace, wanted);
  }
  const missing: Record<string, number> = {};
  const conflicts: string[] = [];
  for (const [name, type] of Object.entries(wanted)) {
    const current = existing[name];
    if (current === undefined) missing[name] = INDEXED_VALUE_TYPES[type];
    else if (current !== type) conflicts.push(`${name} is ${current}, wanted ${type}`);
  }
  if (conflicts.length > 0) {
    throw new Error(`Search attributes registered with another type on namespace ${namespace}: ${conflicts.join('; ')}`);
  }
  const names = Object.keys(missing);
  if (names.length > 0) await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  return names;
}

const GRPC_ALREADY_EXISTS = 6;
const GRPC_UNIMPLEMENTED = 12;

function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * The Java time-skipping test server implements AddSearchAttributes but not
 * ListSearchAttributes, and fails a whole request when any name in it already exists.
 * Its registry is global (namespace is ignored) and lives as long as the process.
 */
async function addOneByOne(connection: Connection, namespace: string, wanted: SearchAttributeDefinitions): Promise<string[]> {
  const added: string[] = [];
  for (const [name, type] of Object.entries(wanted)) {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [name]: INDEXED_VALUE_TYPES[type] } });
      added.push(name);
    } catch (error) {
      if (grpcCode(error) !== GRPC_ALREADY_EXISTS) throw error;
    }
  }
  return added;
}
