import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { z } from 'zod';

/**
 * Plumbing shared by the local gateway sandboxes: reading and parsing request bodies, writing
 * responses, mounting under a path prefix and listening on a port of their own. Everything that
 * imitates a particular gateway's wire format stays in that gateway's `sandbox.ts`.
 */

/** Thrown by {@link readBody} when a request body exceeds its limit; each sandbox answers it with 413 in its own format. */
export class BodyTooLargeError extends Error {}

/**
 * A sandbox refusing a control command or a page action, with the HTTP status it answers:
 * 404 when the payment (order, session, event…) is unknown, 409 when its state forbids the
 * action (the default), 400 when the command itself is malformed.
 */
export class SandboxError extends Error {
  constructor(
    message: string,
    readonly httpStatus: 400 | 404 | 409 = 409,
  ) {
    super(message);
  }
}

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

/** Escapes `& < > " '` as numeric character references, for text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

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

/** The colours that make a sandbox's hosted page recognisably its gateway's. */
export interface SandboxPageTheme {
  /** Page background. */
  readonly background: string;
  /** Headings. */
  readonly accent: string;
  /** The primary button. */
  readonly button: string;
  /** Default `#fff`. */
  readonly buttonText?: string;
  /** Default `4px`; `999px` for a pill. */
  readonly buttonRadius?: string;
  /** The "sandbox" badge. Default `#fde68a`. */
  readonly badge?: string;
  /** Width of the card. Default `24rem`. */
  readonly width?: string;
}

/** A sandbox's hosted page: one card in the gateway's colours around `content` (already escaped markup). */
export function sandboxPage(theme: SandboxPageTheme, title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: ${theme.background}; margin: 0; padding: 2rem; }
  main { max-width: ${theme.width ?? '24rem'}; margin: auto; background: #fff; border-radius: 8px; padding: 1.5rem; box-shadow: 0 1px 4px #0002; }
  h1 { color: ${theme.accent}; font-size: 1.4rem; }
  .badge { display: inline-block; background: ${theme.badge ?? '#fde68a'}; padding: 0 .5rem; border-radius: 4px; font-size: .8rem; }
  dt { color: #666; font-size: .85rem; } dd { margin: 0 0 .75rem; font-weight: 600; word-break: break-all; }
  label { display: block; margin: .5rem 0; font-size: .9rem; } input, select { display: block; width: 100%; padding: .4rem; box-sizing: border-box; }
  button { width: 100%; padding: .6rem; margin-top: .75rem; border: 0; border-radius: ${theme.buttonRadius ?? '4px'}; background: ${theme.button}; color: ${theme.buttonText ?? '#fff'}; font-size: 1rem; cursor: pointer; }
  button.secondary { background: #e5e7eb; color: #111; }
  .error { color: #b91c1c; }
</style>
</head>
<body><main>
${content}
</main></body>
</html>
`;
}

/** A sandbox page saying what went wrong, with the status given. */
export function sendSandboxErrorPage(ctx: Koa.Context, theme: SandboxPageTheme, status: number, title: string, message: string): void {
  sendHtml(ctx, status, sandboxPage(theme, title, `<h1>${escapeHtml(title)}</h1><p class="error" id="error">${escapeHtml(message)}</p>`));
}

/** Writes a JSON answer: {@link sendJson}, or a sandbox's own writer where its JSON is laid out differently. */
export type JsonResponder = (ctx: Koa.Context, status: number, body: unknown) => void;

/**
 * Reads the command posted to a `/__sandbox/…` control route, checked against the schema `schemas`
 * names for `route` (a blank body counts as `{}`). Answers, and returns `undefined`, with 405 for a
 * method other than POST, 404 for a route without a schema, and 400 with zod's message for a body
 * the schema refuses.
 *
 * @throws {@link BodyTooLargeError} from {@link readBody}.
 */
export async function readControlCommand<Command>(
  ctx: Koa.Context,
  route: string,
  schemas: Readonly<Record<string, z.ZodType<Command>>>,
  respond: JsonResponder = sendJson,
): Promise<Command | undefined> {
  if (ctx.method !== 'POST') {
    respond(ctx, 405, { error: 'use GET to read and POST to change' });
    return undefined;
  }
  const parsed = parseJson(await readBody(ctx.req));
  const schema = schemas[route];
  if (schema === undefined) {
    respond(ctx, 404, { error: 'unknown control' });
    return undefined;
  }
  const input = schema.safeParse(parsed.ok ? (parsed.value ?? {}) : undefined);
  if (!input.success) {
    respond(ctx, 400, { error: z.prettifyError(input.error) });
    return undefined;
  }
  return input.data;
}

/** `/khalti/` → `/khalti`, `khalti` → `/khalti`, `/` or `''` → `''` (the root). */
export function normalizeMountPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The host to write in a URL for a listening address: wildcards become loopback, IPv6 gets brackets. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Koa middleware answering only under `mountPath` (already normalised, `''` for the root): other
 * paths go on to `next`. `handler` gets the path with the prefix removed (`/` at the prefix itself).
 */
export function mountedMiddleware(mountPath: string, handler: (ctx: Koa.Context, route: string) => Promise<void> | void): Koa.Middleware {
  return async (ctx, next) => {
    const path = ctx.path;
    if (!(mountPath === '' || path === mountPath || path.startsWith(`${mountPath}/`))) return next();
    const route = path.slice(mountPath.length) || '/';
    return handler(ctx, route);
  };
}

/** Where a sandbox started on its own server listens. */
export interface SandboxListenOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string | undefined;
  /** Defaults to the listening address plus `mountPath`. */
  readonly publicBaseUrl?: string | undefined;
}

export interface ListenSandboxOptions extends SandboxListenOptions {
  /** Path prefix to answer under; defaults to `publicBaseUrl`'s path, or the root without one. */
  readonly mountPath?: string | undefined;
}

export interface ListeningSandbox {
  readonly server: Server;
  /** `http://<host>:<port>` plus the mount path. */
  readonly url: string;
  /** The normalised mount path `url` ends with. */
  readonly mountPath: string;
  /** Requests answer 503 until a handler is set. */
  setHandler(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server for a sandbox. The handler is set afterwards, once the sandbox (which may
 * need the listening `url`) exists.
 */
export async function listenSandbox(options: ListenSandboxOptions): Promise<ListeningSandbox> {
  const { port, host = '127.0.0.1', publicBaseUrl } = options;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handle === undefined) {
      res.writeHead(503).end();
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const mountPath = normalizeMountPath(options.mountPath ?? (publicBaseUrl === undefined ? '' : new URL(publicBaseUrl).pathname));
  const url = `http://${urlHost(host)}:${address.port}${mountPath}`;
  return {
    server,
    url,
    mountPath,
    setHandler: (handler) => {
      handle = handler;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e === undefined ? resolve() : reject(e)));
        server.closeAllConnections();
      }),
  };
}

/** The part every `start<Name>Sandbox` result shares; each gateway adds its own client URLs. */
export interface RunningSandbox<Control> {
  /** Where the sandbox answers, e.g. `http://127.0.0.1:41234` (plus the mount path). */
  readonly url: string;
  readonly control: Control;
  close(): Promise<void>;
}

/**
 * {@link listenSandbox}, then `create` the sandbox with the normalised mount path and the listening
 * URL (the public base URL when none was given), and serve its app.
 */
export async function serveSandbox<Sandbox extends { readonly app: Koa }>(
  options: ListenSandboxOptions,
  create: (mountPath: string, url: string) => Sandbox,
): Promise<{ readonly sandbox: Sandbox; readonly url: string; close(): Promise<void> }> {
  const listening = await listenSandbox(options);
  const sandbox = create(listening.mountPath, listening.url);
  listening.setHandler(sandbox.app.callback());
  return { sandbox, url: listening.url, close: listening.close };
}
