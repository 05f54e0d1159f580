import { isHttpUrl, isRecord } from '../../sandbox-kit/index.js';
import { type Json, StripeApiError } from './records.js';

/** Stripe's form-encoded parameters: decoded into nested objects the way Stripe reads them, and checked with Stripe's errors. */

export function requiredString(p: Json, name: string, param = name): string {
  const v = p[name];
  if (v === undefined || v === '') throw new StripeApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, 'parameter_missing', param);
  if (typeof v !== 'string') throw new StripeApiError(400, 'invalid_request_error', `Invalid string: ${JSON.stringify(v)}`, 'parameter_invalid_string', param);
  return v;
}

export function optionalString(p: Json, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new StripeApiError(400, 'invalid_request_error', `Invalid string: ${JSON.stringify(v)}`, 'parameter_invalid_string', name);
  return v;
}

export function integer(p: Json, name: string, param: string): number | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d{1,15}$/.test(v)) {
    throw new StripeApiError(400, 'invalid_request_error', `Invalid integer: ${typeof v === 'string' ? v : JSON.stringify(v)}`, 'parameter_invalid_integer', param);
  }
  return Number(v);
}

export function url(value: string, param: string): string {
  if (isHttpUrl(value)) return value;
  throw new StripeApiError(400, 'invalid_request_error', 'Not a valid URL', 'url_invalid', param);
}

export function metadata(value: unknown, param: string): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (!isRecord(value)) throw new StripeApiError(400, 'invalid_request_error', 'Invalid object', 'parameter_invalid_empty', param);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new StripeApiError(400, 'invalid_request_error', 'Invalid string', 'parameter_invalid_string', `${param}[${k}]`);
    if (k.length > 40) throw new StripeApiError(400, 'invalid_request_error', 'Metadata keys can have up to 40 characters.', 'parameter_invalid_string', `${param}[${k}]`);
    if (v.length > 500) throw new StripeApiError(400, 'invalid_request_error', 'Metadata values can have up to 500 characters.', 'parameter_invalid_string', `${param}[${k}]`);
    out[k] = v;
  }
  return out;
}

export function expansions(p: Json): ReadonlySet<string> {
  const v = p['expand'];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return new Set(list.filter((x): x is string => typeof x === 'string'));
}

/**
 * `a[b][0][c]=v&expand[]=x` → `{ a: { b: [{ c: 'v' }] }, expand: ['x'] }`, the way Stripe reads
 * form bodies and queries: numeric (or empty) brackets make arrays.
 */
export function decodeForm(text: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (m?.[1] === undefined) {
      root[key] = value;
      continue;
    }
    const path = [m[1], ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '')];
    let node: Json | unknown[] = root;
    for (let i = 0; i < path.length; i += 1) {
      const segment = path[i] ?? '';
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1] ?? '');
      if (Array.isArray(node)) {
        const index = segment === '' ? node.length : Number(segment);
        if (last) node[index] = value;
        else node = (node[index] ??= nextIsIndex ? [] : {}) as Json | unknown[];
      } else {
        if (last) node[segment] = value;
        else node = (node[segment] ??= nextIsIndex ? [] : {}) as Json | unknown[];
      }
    }
  }
  return root;
}
