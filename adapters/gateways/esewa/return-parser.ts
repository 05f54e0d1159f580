import { ok, type Result } from '../../../src/shared/result.js';
import type { PaymentCallback, ReturnParser } from '../../../src/payments/ports/payment-gateway.js';
import { invalidReturn, queryPairs, type ReturnError, type ReturnQuery } from '../return-query.js';
import { esewaSignature, signaturesEqual } from './client.js';
import { ESEWA_FAILURE_MARKER, ESEWA_FAILURE_MARKER_VALUE, ESEWA_FAILURE_UUID_PARAM } from './gateway.js';
import { fromEsewaAmount, orderIdFromTransactionUuid, TRANSACTION_UUID } from './mapper.js';

/*
 * eSewa ePay v2 sends no webhooks: the only message is the browser redirect. The success
 * redirect is signed (`data`, base64 JSON with its own `signature` over its own
 * `signed_field_names`); the failure redirect is not, and PENDING payments land there too.
 * Either way the result only tells the saga which payment to ask the status API about.
 */

/** What a verified `data` payload must cover at least, or a signed fragment could be replayed as a payment. */
export const ESEWA_REQUIRED_SIGNED_FIELDS = ['status', 'total_amount', 'transaction_uuid', 'product_code'] as const;

/** `claimedStatus` for a hit on the failure URL without signed data: eSewa sends FAILURE and PENDING there. */
export const ESEWA_FAILURE_URL_STATUS = 'FAILURE_OR_PENDING';

export interface EsewaReturnClaims {
  /** eSewa's `transaction_code`, from the signed data. */
  readonly transactionCode?: string;
  /** `total_amount` exactly as eSewa wrote it ("1000.0"), from the signed data. */
  readonly totalAmount?: string;
}

export interface EsewaReturnCallback extends PaymentCallback {
  readonly gateway: 'esewa';
  /** True when the claims come from `data` whose signature verified with our secret. */
  readonly signed: boolean;
  readonly claims: EsewaReturnClaims;
}

export interface EsewaReturnOptions {
  readonly secretKey: string;
  /** Our merchant code: a validly signed answer for another code is refused. */
  readonly productCode: string;
}

/**
 * Reads eSewa's browser return.
 * - `?data=<base64 JSON>` (success, possibly also on the failure URL): decoded; the signature is
 *   recomputed over the payload's own `signed_field_names`, with each value exactly as eSewa
 *   wrote it (the raw JSON literal for numbers such as `1000.0`, which `JSON.parse` would turn
 *   into `1000`), and compared in constant time; the product code must be ours.
 * - Our failure marker with the uuid and no data: an unsigned hint, `FAILURE_OR_PENDING`.
 * Anything else is `payments.invalid_callback`.
 */
export function parseEsewaReturn(query: ReturnQuery, options: EsewaReturnOptions): Result<EsewaReturnCallback, ReturnError> {
  const params = expandedParams(query);
  const data = params.filter(([k]) => k === 'data').map(([, v]) => v);
  const uuids = params.filter(([k]) => k === ESEWA_FAILURE_UUID_PARAM).map(([, v]) => v);
  if (data.length > 1) return invalid('data', 'is given more than once', 'malformed');
  if (uuids.length > 1) return invalid(ESEWA_FAILURE_UUID_PARAM, 'is given more than once', 'malformed');
  const [encoded] = data;
  if (encoded !== undefined) {
    const verified = verifyEsewaData(encoded, options);
    if (!verified.ok) return verified;
    const [uuid] = uuids;
    if (uuid !== undefined && uuid !== verified.value.gatewayPaymentId) {
      return invalid(ESEWA_FAILURE_UUID_PARAM, 'does not match the signed transaction_uuid', 'malformed');
    }
    return verified;
  }
  const onFailureUrl = params.some(([k, v]) => k === ESEWA_FAILURE_MARKER && v === ESEWA_FAILURE_MARKER_VALUE);
  const [uuid] = uuids;
  if (!onFailureUrl) return invalid('data', 'is required', 'malformed');
  if (uuid === undefined || !TRANSACTION_UUID.test(uuid)) return invalid(ESEWA_FAILURE_UUID_PARAM, 'is missing or invalid', 'malformed');
  return ok(esewaCallback(uuid, ESEWA_FAILURE_URL_STATUS, false, {}));
}

/** `parseEsewaReturn` bound to a merchant's secret and product code, as the HTTP edge needs it. */
export function createEsewaReturnParser(options: EsewaReturnOptions): ReturnParser {
  if (options.secretKey === '') throw new Error('eSewa secret key is empty');
  return (query) => parseEsewaReturn(query, options);
}

/** Decodes and verifies the success redirect's `data` value. */
export function verifyEsewaData(encoded: string, options: EsewaReturnOptions): Result<EsewaReturnCallback, ReturnError> {
  // A `+` in an unencoded query value arrives as a space; base64url is tolerated too.
  const base64 = encoded.trim().replaceAll(' ', '+').replaceAll('-', '+').replaceAll('_', '/');
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return invalid('data', 'is not base64', 'malformed');
  const text = Buffer.from(base64, 'base64').toString('utf8');
  const literals = topLevelLiterals(text);
  if (literals === undefined) return invalid('data', 'is not a JSON object', 'malformed');

  const names = literals.get('signed_field_names');
  const signature = literals.get('signature');
  if (names?.kind !== 'string' || names.value === '') return invalid('signed_field_names', 'is missing', 'malformed');
  if (signature?.kind !== 'string' || signature.value === '') return invalid('signature', 'is missing', 'malformed');
  const fields = names.value.split(',');
  if (fields.some((f) => f.trim() === '' || f !== f.trim())) return invalid('signed_field_names', 'has an empty or padded name', 'malformed');
  if (new Set(fields).size !== fields.length) return invalid('signed_field_names', 'repeats a name', 'malformed');
  for (const required of ESEWA_REQUIRED_SIGNED_FIELDS) {
    if (!fields.includes(required)) return invalid('signed_field_names', `does not cover ${required}`, 'unsigned_field');
  }
  const values: Record<string, string> = {};
  for (const field of fields) {
    const literal = literals.get(field);
    if (literal === undefined || field === 'signature') return invalid(field, 'is signed but absent', 'malformed');
    values[field] = literal.value;
  }
  const expected = esewaSignature(values, fields, options.secretKey);
  if (!signaturesEqual(signature.value, expected)) return invalid('signature', 'does not match', 'signature');

  const status = values['status'] ?? '';
  const totalAmount = values['total_amount'] ?? '';
  const uuid = values['transaction_uuid'] ?? '';
  const productCode = values['product_code'] ?? '';
  if (productCode !== options.productCode) return invalid('product_code', 'is not our merchant code', 'product_code');
  if (!TRANSACTION_UUID.test(uuid)) return invalid('transaction_uuid', 'is not alphanumeric with hyphens', 'malformed');
  if (!fromEsewaAmount(totalAmount).ok) return invalid('total_amount', 'is not a rupee amount', 'malformed');
  if (status === '') return invalid('status', 'is empty', 'malformed');

  const transactionCode = literals.get('transaction_code');
  const signedCode = fields.includes('transaction_code') && transactionCode?.kind === 'string' && transactionCode.value !== '';
  return ok(esewaCallback(uuid, status, true, { ...(signedCode && { transactionCode: transactionCode.value }), totalAmount }));
}

/** The callback about `uuid`, naming the order it was derived from when it was. */
function esewaCallback(uuid: string, claimedStatus: string, signed: boolean, claims: EsewaReturnClaims): EsewaReturnCallback {
  const orderId = orderIdFromTransactionUuid(uuid);
  return { gateway: 'esewa', gatewayPaymentId: uuid, ...(orderId !== undefined && { claimedOrderId: orderId }), claimedStatus, signed, claims };
}

interface Literal {
  readonly kind: 'string' | 'number' | 'other';
  /** A string's decoded content; otherwise the literal's exact text (`1000.0`, `true`, `null`). */
  readonly value: string;
}

/**
 * The top-level members of a JSON object with each value as written, or `undefined` when the
 * text is not a JSON object or repeats a key (the signature and `JSON.parse` would then read
 * different values).
 */
export function topLevelLiterals(text: string): Map<string, Literal> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  } catch {
    return undefined;
  }
  const out = new Map<string, Literal>();
  let i = skipSpace(text, 0) + 1; // past `{`
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] === '}') return out;
    if (text[i] === ',') i = skipSpace(text, i + 1);
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd) + 1; // past `:`
    i = skipSpace(text, i);
    const end = valueEnd(text, i);
    const raw = text.slice(i, end);
    if (out.has(key)) return undefined;
    const first = raw[0];
    out.set(
      key,
      first === '"'
        ? { kind: 'string', value: JSON.parse(raw) as string }
        : { kind: first === '-' || (first !== undefined && first >= '0' && first <= '9') ? 'number' : 'other', value: raw },
    );
    i = end;
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i += 1;
  return i;
}

/** Index just past the string literal starting at `i` (text already validated as JSON). */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const d = text[j];
      if (d === '"') {
        j = stringEnd(text, j);
        continue;
      }
      if (d === '{' || d === '[') depth += 1;
      if (d === '}' || d === ']') {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
      j += 1;
    }
    return j;
  }
  let j = i;
  while (j < text.length && !',}] \t\r\n'.includes(text[j] ?? '')) j += 1;
  return j;
}

/** All query pairs, with values split where eSewa appended `?data=…` to a URL that already had a query. */
function expandedParams(query: ReturnQuery): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of queryPairs(query)) {
    const at = v.indexOf('?');
    if (at === -1) {
      out.push([k, v]);
      continue;
    }
    out.push([k, v.slice(0, at)]);
    out.push(...new URLSearchParams(v.slice(at + 1)));
  }
  return out;
}

type Reason = 'malformed' | 'signature' | 'unsigned_field' | 'product_code';

function invalid(field: string, problem: string, reason: Reason): Result<never, ReturnError> {
  return invalidReturn('eSewa', field, problem, { reason });
}
