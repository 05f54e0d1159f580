import { randomInt, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type Koa from 'koa';

/** Reading requests and writing answers, the same for every sandbox whatever its wire format. */

/** Thrown by {@link readBody} when a request body exceeds its limit; each sandbox answers it with 413 in its own format. */
export class BodyTooLargeError extends Error {}

/**
 * Reads a request body as UTF-8 text.
 *
 * @param limit - most bytes accepted (default 1 MB).
 * @throws {@link BodyTooLargeError} as soon as the body grows past `limit`.
 */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The outcome of {@link parseJson}. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false };

/** Parses JSON without throwing; blank text parses as `undefined`. */
export function parseJson(text: string): ParsedJson {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A request's headers as one string each (repeated headers joined with `, `), for request logs. */
export function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** `value` without its `undefined` fields (the service's own helper, pure: a sandbox may share it). */
export { definedFields } from '../../../src/shared/defined.js';

/** True for plain objects (not arrays, not `null`). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an absolute `http:` or `https:` URL with a host name. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Appends query parameters to a URL, encoding spaces as `%20` (not `+`), keeping any query the
 * URL already has and any `#fragment` at the end.
 */
export function appendQuery(base: string, params: readonly (readonly [string, string])[]): string {
  const hashAt = base.indexOf('#');
  const beforeHash = hashAt === -1 ? base : base.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : base.slice(hashAt);
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const separator = !beforeHash.includes('?') ? '?' : beforeHash.endsWith('?') || beforeHash.endsWith('&') ? '' : '&';
  return `${beforeHash}${separator}${query}${hash}`;
}

/** Escapes `& < > " '` as numeric character references (the service's own helper, pure: a sandbox may share it). */
export { escapeHtml } from '../../../src/shared/html.js';

/** Answers `application/json` with `body` serialised compactly. */
export function sendJson(ctx: Koa.Context, status: number, body: unknown): void {
  sendJsonText(ctx, status, JSON.stringify(body));
}

/** Answers `application/json` with `text` exactly as given (for bodies serialised some other way). */
export function sendJsonText(ctx: Koa.Context, status: number, text: string): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = text;
}

/** Answers `text/html; charset=utf-8` with `markup`. */
export function sendHtml(ctx: Koa.Context, status: number, markup: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = markup;
}

/** The bare HTML a proxy in front of a gateway answers with in an outage: `503 Service Unavailable`, `504 Gateway Time-out`. */
export function sendOutagePage(ctx: Koa.Context, status: number, reason = 'Service Unavailable'): void {
  sendHtml(ctx, status, `<html><body><h1>${status} ${reason}</h1></body></html>\n`);
}

/** Sends the browser on to `location` with an empty body (302 unless another status is given). */
export function redirect(ctx: Koa.Context, location: string, status = 302): void {
  ctx.status = status;
  ctx.set('Location', location);
  ctx.body = '';
}

/** True for the methods that read a page: GET and HEAD. */
export function isPageRead(ctx: Koa.Context): boolean {
  return ctx.method === 'GET' || ctx.method === 'HEAD';
}

/** Compares a presented secret with the expected one in constant time (for equal lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The user and password of an `Authorization: Basic …` header; undefined for another scheme or no colon. */
export function basicCredentials(header: string): { readonly user: string; readonly password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header.trim());
  if (m?.[1] === undefined) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Digits and letters of both cases. */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Digits and upper-case letters. */
export const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `length` characters drawn uniformly from `alphabet`, for ids shaped like a gateway's. */
export function randomString(length: number, alphabet: string = BASE62): string {
  let id = '';
  for (let i = 0; i < length; i += 1) id += alphabet[randomInt(alphabet.length)];
  return id;
}
