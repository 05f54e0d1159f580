import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import { createKhaltiSandbox, type KhaltiSandboxControl } from './gateways/khalti/sandbox.js';

export interface RunningSandboxes {
  readonly baseUrl: string;
  readonly khalti: KhaltiSandboxControl;
  close(): Promise<void>;
}

/**
 * Every gateway sandbox on one port, each under its own path (`/khalti/...`), as demo mode and
 * the end-to-end tests use them. Adapters reach them exactly as they reach the real gateways.
 */
export async function startSandboxes(options: { port: number; host?: string; publicBaseUrl?: string; khaltiSecretKey: string }): Promise<RunningSandboxes> {
  const host = options.host ?? '127.0.0.1';
  const app = new Koa();
  // Koa composes its middleware when the callback is made: make it once the routes are mounted.
  let handle: ReturnType<Koa['callback']> | undefined;
  let server: Server | undefined;
  const listening = new Promise<number>((resolve, reject) => {
    server = createServer((req, res) => (handle ? void handle(req, res) : void res.writeHead(503).end()));
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const address = server!.address();
      resolve(typeof address === 'object' && address !== null ? address.port : options.port);
    });
  });
  const port = await listening;
  const baseUrl = (options.publicBaseUrl ?? `http://localhost:${port}`).replace(/\/$/, '');
  const khalti = createKhaltiSandbox({ secretKey: options.khaltiSecretKey, publicBaseUrl: `${baseUrl}/khalti` });
  app.use(khalti.middleware);
  handle = app.callback();
  return {
    baseUrl,
    khalti: khalti.control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server!.closeAllConnections();
        server!.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
