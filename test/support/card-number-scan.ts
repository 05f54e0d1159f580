/**
 * Scans a database for card numbers: every text-like column of every table in the public schema,
 * each value searched with the payments module's own card-number finder (13–19 digits, optionally
 * grouped by spaces or dashes, passing Luhn). Point it at any database, e.g. after full checkout
 * flows: `expect(await cardNumbersIn(sql)).toStrictEqual([])`.
 */
import { findCardNumbers } from '../../src/payments/api.js';

export interface CardNumberHit {
  readonly table: string;
  readonly column: string;
  /** The number with all but its last four digits masked. */
  readonly masked: string;
}

type Sql = <T extends object>(query: string, params?: unknown[]) => Promise<T[]>;

const TEXT_TYPES = ['text', 'character varying', 'character', 'json', 'jsonb'];
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Where a card number is stored (masked in the answer, so a failing test does not print one). */
export async function cardNumbersIn(sql: Sql): Promise<CardNumberHit[]> {
  const columns = await sql<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.data_type in (${TEXT_TYPES.map((t) => `'${t}'`).join(', ')}) order by c.table_name, c.ordinal_position`,
  );
  const hits: CardNumberHit[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    // Only values with enough digits to hold a card number are fetched.
    const rows = await sql<{ value: string }>(`select ${quote(column)}::text as value from ${quote(table)} where ${quote(column)}::text ~ '[0-9]([ -]?[0-9]){12}'`);
    for (const { value } of rows)
      for (const number of findCardNumbers(withoutIds(value))) hits.push({ table, column, masked: `${'*'.repeat(number.length - 4)}${number.slice(-4)}` });
  }
  return hits;
}

// A UUID (a workflow run id, a request id) or a hex digest (Razorpay's event ids are the body's
// SHA-256) is never a card number, but its hex can hold a digit run that passes Luhn (a UUID in a
// few hundred; a SHA-256 in about two hundred): they are left out. A card number is at most 19
// digits, so no hex run of 32 or more is one.
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX_DIGEST = /\b[0-9a-f]{32,}\b/gi;
const withoutIds = (text: string): string => text.replace(UUID, '<uuid>').replace(HEX_DIGEST, '<hex>');

/** The same search over log lines or workflow histories (any text): each hit masked. */
export const cardNumbersInText = (text: string): string[] => findCardNumbers(withoutIds(text)).map((n) => `${'*'.repeat(n.length - 4)}${n.slice(-4)}`);
