import { domainError, err, ok, type DomainError, type Result } from '../../src/shared/result.js';

/**
 * A browser return's query as Koa gives it (`ctx.query`, or a parsed form body),
 * `URLSearchParams`, or a raw query string with or without `?`.
 */
export type ReturnQuery = URLSearchParams | string | Readonly<Record<string, string | readonly string[] | undefined>>;

export type ReturnError = DomainError<'payments.invalid_callback'>;

/** Every value given for `field`, in order (none when it is absent). */
export function queryValues(query: ReturnQuery, field: string): readonly string[] {
  if (typeof query === 'string') return searchParams(query).getAll(field);
  if (query instanceof URLSearchParams) return query.getAll(field);
  const value = query[field];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** Every name and value, in order, a repeated name once per value. */
export function queryPairs(query: ReturnQuery): [string, string][] {
  if (typeof query === 'string') return [...searchParams(query)];
  if (query instanceof URLSearchParams) return [...query];
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const one of typeof v === 'string' ? [v] : v) pairs.push([k, one]);
  }
  return pairs;
}

/** `payments.invalid_callback` naming the field: `<Gateway> return: <field> <problem>`. */
export function invalidReturn(gateway: string, field: string, problem: string, details: Readonly<Record<string, unknown>> = {}): Result<never, ReturnError> {
  return err(domainError('payments.invalid_callback', `${gateway} return: ${field} ${problem}`, { field, ...details }));
}

/**
 * The one value of `field` (`undefined` when absent), or `<field> is given more than once`: a
 * repeated parameter could make two readers of one URL see different values.
 */
export function singleValue(gateway: string, query: ReturnQuery, field: string): Result<string | undefined, ReturnError> {
  const values = queryValues(query, field);
  if (values.length > 1) return invalidReturn(gateway, field, 'is given more than once');
  return ok(values[0]);
}

function searchParams(query: string): URLSearchParams {
  return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
}
