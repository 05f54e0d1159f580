import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import { type Config, DEMO_WHATSAPP } from '../src/config.js';
import { createGatewaySandbox, GATEWAYS, type GatewaySandboxControls } from './gateways/registry.js';
import { createWhatsAppSandbox, type WhatsAppSandboxControl } from './notifications/whatsapp-sandbox.js';

/** Each sandbox's control under its gateway's id (`khalti`, `stripe`, …), and the WhatsApp Cloud API's as `whatsapp`. */
export interface RunningSandboxes extends GatewaySandboxControls {
  readonly baseUrl: string;
  /** The WhatsApp Cloud API sandbox, under `/whatsapp`. */
  readonly whatsapp: WhatsAppSandboxControl;
  /** The mounted gateways, for the start-up banner. */
  readonly mounted: readonly string[];
  close(): Promise<void>;
}

/**
 * Every gateway sandbox on one port, each under its own path (`/khalti/...`, `/stripe/...`), as
 * demo mode and the end-to-end tests use them. Adapters reach them exactly as they reach the real
 * gateways, and the sandboxes send their signed webhooks to this service's `/webhooks/<gateway>`.
 * The WhatsApp Cloud API sandbox answers under `/whatsapp`, with the configured (or demo) token
 * and phone number id.
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
  const whatsappSettings = config.notifications.whatsapp ?? DEMO_WHATSAPP;
  const whatsapp = createWhatsAppSandbox({
    publicBaseUrl: `${baseUrl}/whatsapp`,
    accessToken: whatsappSettings.accessToken,
    phoneNumberId: whatsappSettings.phoneNumberId,
  });
  app.use(whatsapp.middleware);
  handle = app.callback();
  return {
    baseUrl,
    ...(controls as unknown as GatewaySandboxControls),
    whatsapp: whatsapp.control,
    mounted: GATEWAYS.map(({ id }) => id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server!.closeAllConnections();
        server!.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
