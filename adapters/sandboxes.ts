import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import type { Config } from '../src/config.js';
import { createGatewaySandbox, GATEWAYS, type GatewaySandboxControls } from './gateways/registry.js';

/** Each sandbox's control under its gateway's id (`khalti`, `stripe`, …). */
export interface RunningSandboxes extends GatewaySandboxControls {
  readonly baseUrl: string;
  /** The mounted gateways, for the start-up banner. */
  readonly mounted: readonly string[];
  close(): Promise<void>;
}

/**
 * Every gateway sandbox on one port, each under its own path (`/khalti/...`, `/stripe/...`), as
 * demo mode and the end-to-end tests use them. Adapters reach them exactly as they reach the real
 * gateways, and the sandboxes send their signed webhooks to this service's `/webhooks/<gateway>`.
 */
export async function startSandboxes(options: { port: number; host?: string; config: Config }): Promise<RunningSandboxes> {
  const { config } = options;
  const host = options.host ?? '127.0.0.1';
  const app = new Koa();
  // Koa composes its middleware when the callback is made: make it once the routes are mounted.
  let handle: ReturnType<Koa['callback']> | undefined;
  let server: Server | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    server = createServer((req, res) => (handle ? void handle(req, res) : void res.writeHead(503).end()));
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const address = server!.address();
      resolve(typeof address === 'object' && address !== null ? address.port : options.port);
    });
  });
  const baseUrl = `http://localhost:${port}`;
  const webhookUrl = (gateway: string) => `${config.http.publicBaseUrl}/webhooks/${gateway}`;

  const controls: Record<string, unknown> = {};
  for (const { id } of GATEWAYS) {
    const sandbox = createGatewaySandbox(id, config, { publicBaseUrl: `${baseUrl}/${id}`, webhookUrl: webhookUrl(id) });
    app.use(sandbox.middleware);
    controls[id] = sandbox.control;
  }
  handle = app.callback();
  return {
    baseUrl,
    ...(controls as unknown as GatewaySandboxControls),
    mounted: GATEWAYS.map(({ id }) => id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server!.closeAllConnections();
        server!.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
