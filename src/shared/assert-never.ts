/**
 * Exhaustiveness guard for `switch` statements over discriminated unions: the compiler refuses a
 * call where a case is left out, and a value that slips past the types (a newer peer's JSON, say)
 * throws here instead of falling through.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
