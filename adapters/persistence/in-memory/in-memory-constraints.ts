import { ConstraintViolationError, type PersistenceState } from './in-memory-state.js';

// The checks below are the PostgreSQL schema's (migrations 0001 and 0002), named as PostgreSQL
// names them, so code that passes here does not fail there for a reason these twins could have seen.

export function requireOrder(state: PersistenceState, orderId: string, constraint: string): void {
  if (!state.orders.has(orderId)) throw new ConstraintViolationError(constraint, `order ${orderId} does not exist`);
}

export function check(holds: boolean, constraint: string, message: string): void {
  if (!holds) throw new ConstraintViolationError(constraint, message);
}

export const isWholeAtLeast = (value: number, minimum: number): boolean => Number.isSafeInteger(value) && value >= minimum;

/** A `timestamptz` round trip: any ISO-8601 instant comes back in UTC with milliseconds. */
export function instant(value: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`not a timestamp: ${JSON.stringify(value)}`);
  return parsed.toISOString();
}
