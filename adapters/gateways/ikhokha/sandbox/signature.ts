import { createHmac } from 'node:crypto';
import type Koa from 'koa';

/** `IK-SIGN`, written apart from the adapter's so that the tests check the adapter against an independent implementation. */

/**
 * IK-SIGN as the official Node example computes it: `(path + body)` with `\`, `"` and `'`
 * backslash-escaped and NUL turned into `\0`, HMAC-SHA256 under the trimmed secret, hex.
 */
export function sign(secret: string, path: string, body: string): string {
  const text = `${path}${body}`;
  const escaped = text.replace(/[\\"']/g, '\\$&').replace(/\u0000/g, '\\0');
  return createHmac('sha256', secret.trim()).update(escaped, 'utf8').digest('hex');
}

/** The request path exactly as sent, without the query. */
export function rawPath(ctx: Koa.Context): string {
  const url = ctx.req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function pathOf(url: string): string {
  return new URL(url).pathname;
}
