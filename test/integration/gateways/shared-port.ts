/** One local port shared by several sandboxes, as the dev server mounts them under path prefixes. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { onTestFinished } from 'vitest';

/** A port listening for the current test only, and how to serve an app on it. */
export interface SharedPort {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Answers every request with one Koa app running `middlewares` in turn, and `fallThrough` for what none of them takes. */
  serve(fallThrough: string, ...middlewares: Koa.Middleware[]): void;
}

/** Listens on a free local port until the current test finishes. */
export async function sharedPortForThisTest(): Promise<SharedPort> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve(fallThrough, ...middlewares) {
      const app = new Koa();
      for (const middleware of middlewares) app.use(middleware);
      app.use((ctx) => {
        ctx.body = fallThrough;
      });
      server.on('request', app.callback());
    },
  };
}
