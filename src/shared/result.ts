/**
 * Expected failures are values. A domain error carries a stable code
 * (`module.snake_case`) and never an HTTP status: the edges map codes to transports.
 */
export interface DomainError<C extends string = string> {
  readonly code: C;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T, E = DomainError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export const domainError = <C extends string>(code: C, message: string, details?: Record<string, unknown>): DomainError<C> =>
  details === undefined ? { code, message } : { code, message, details };

// Kept here too for the modules that import it with Result.
export { assertNever } from './assert-never.js';
