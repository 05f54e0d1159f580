/**
 * `fields` without those whose value is `undefined`: an optional field is left out, never set to
 * `undefined` (the code is compiled with `exactOptionalPropertyTypes`, and JSON drops them anyway).
 * The fields keep their order.
 */
export function definedFields<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) kept[key] = value;
  return kept as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * `fields` without those that are `null`, `undefined` or `''`: a nullable column read from a row
 * becomes an optional field, left out when the column is empty. The fields keep their order.
 */
export function presentFields<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== null && value !== '') kept[key] = value;
  return kept as { [K in keyof T]?: Exclude<T[K], null | undefined> };
}
