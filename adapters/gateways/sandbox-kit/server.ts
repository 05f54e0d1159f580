import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import type { MountableSandbox } from '../gateway-adapter.js';
import { BodyTooLargeError } from './http.js';

/** Mounting a sandbox under a path prefix, and serving it on a port of its own. */

/** What every sandbox's options start with. */
export interface SandboxBaseOptions {
  /** Where browsers reach the sandbox, e.g. `http://localhost:3100/khalti`. */
  readonly publicBaseUrl: string;
  /** Path prefix the app answers under; defaults to `publicBaseUrl`'s path. */
  readonly mountPath?: string;
  readonly now?: () => Date;
}

/** The clock, the public base URL without trailing slashes, and the normalised mount path. */
export function sandboxSettings(options: SandboxBaseOptions): { readonly now: () => Date; readonly publicBaseUrl: string; readonly mountPath: string } {
  const publicBaseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  return {
    now: options.now ?? (() => new Date()),
    publicBaseUrl,
    mountPath: normalizeMountPath(options.mountPath ?? new URL(publicBaseUrl).pathname),
  };
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

/** The app, and the same routes as middleware, of every `create<Name>Sandbox` result. */
export interface SandboxApp {
  /** A Koa app answering under the mount path. */
  readonly app: Koa;
  /** The same routes as middleware, to share one Koa app (and port) with other sandboxes; passes on paths outside the mount path. */
  readonly middleware: Koa.Middleware;
}

/**
 * A sandbox's app and middleware: `handler` answers every path under `mountPath` (see
 * {@link mountedMiddleware}); `tooLarge` answers a body over the limit in the gateway's own format.
 */
export function sandboxApp(mountPath: string, handler: (ctx: Koa.Context, route: string) => Promise<void> | void, tooLarge: (ctx: Koa.Context) => void): SandboxApp {
  const middleware = mountedMiddleware(mountPath, async (ctx, route) => {
    try {
      return await handler(ctx, route);
    } catch (e) {
      if (e instanceof BodyTooLargeError) return tooLarge(ctx);
      throw e;
    }
  });
  const app = new Koa();
  app.use(middleware);
  return { app, middleware };
}

/** A sandbox ready to mount: {@link sandboxApp}'s app and middleware, with its mount path and control. */
export function mountSandbox<Control>(
  mountPath: string,
  control: Control,
  handler: (ctx: Koa.Context, route: string) => Promise<void> | void,
  tooLarge: (ctx: Koa.Context) => void,
): MountableSandbox<Control> {
  return { ...sandboxApp(mountPath, handler, tooLarge), mountPath, control };
}

/** What `start<Name>Sandbox` takes: the sandbox's options, with where to listen in place of `publicBaseUrl`. */
export type StartSandboxOptions<Options> = Omit<Options, 'publicBaseUrl'> & SandboxListenOptions;

/**
 * `start<Name>Sandbox`: serves `create`'s sandbox on its own server, handing it the normalised
 * mount path and the public base URL (the listening URL when none was given). Answers the listening
 * URL, the client URLs `urls` makes of it and of the public base URL, the control, and `close`,
 * which waits for `settle` (a sandbox's webhooks under way) before it stops the server.
 */
export async function startSandbox<Options extends SandboxBaseOptions, Control, Urls extends object>(
  options: StartSandboxOptions<Options>,
  create: (options: Options) => { readonly app: Koa; readonly control: Control },
  urls: (url: string, publicBaseUrl: string) => Urls,
  settle?: (control: Control) => Promise<void>,
): Promise<RunningSandbox<Control> & Urls> {
  const { port, host, publicBaseUrl, ...rest } = options;
  const { sandbox, url, close } = await serveSandbox({ port, host, mountPath: rest.mountPath, publicBaseUrl }, (mountPath, listeningUrl) =>
    // `rest` is the caller's Options without publicBaseUrl (and without the listening fields, which Options does not have).
    create({ ...rest, mountPath, publicBaseUrl: publicBaseUrl ?? listeningUrl } as unknown as Options),
  );
  return {
    url,
    ...urls(url, (publicBaseUrl ?? url).replace(/\/+$/, '')),
    control: sandbox.control,
    close: async () => {
      await settle?.(sandbox.control);
      await close();
    },
  };
}
