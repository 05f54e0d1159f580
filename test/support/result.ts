import type { Result } from '../../src/shared/result.js';

/** Unwraps a success, failing the test with the error when there is none. */
export function okValue<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected ok, got error ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Unwraps a failure, failing the test with the value when it succeeded. */
export function errorOf<T, E>(result: Result<T, E>): E {
  if (result.ok) throw new Error(`expected an error, got ok ${JSON.stringify(result.value)}`);
  return result.error;
}

/** The same value without one of its optional fields (an explicit `undefined` would not be the same thing). */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _, ...rest } = value;
  return rest;
}
