import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import type { Config } from '../src/config.js';
import { createKhaltiSandbox, type KhaltiSandboxControl } from './gateways/khalti/sandbox.js';
import { createStripeSandbox } from './gateways/stripe/sandbox.js';
import { createEsewaSandbox } from './gateways/esewa/sandbox.js';
import { createIkhokhaSandbox } from './gateways/ikhokha/sandbox.js';
import { createPayPalSandbox } from './gateways/paypal/sandbox.js';
import { createRazorpaySandbox } from './gateways/razorpay/sandbox.js';

export interface RunningSandboxes {
  readonly baseUrl: string;
  readonly khalti: KhaltiSandboxControl;
  readonly esewa: ReturnType<typeof createEsewaSandbox>['control'];
  readonly ikhokha: ReturnType<typeof createIkhokhaSandbox>['control'];
  readonly stripe: ReturnType<typeof createStripeSandbox>['control'];
  readonly paypal: ReturnType<typeof createPayPalSandbox>['control'];
  readonly razorpay: ReturnType<typeof createRazorpaySandbox>['control'];
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

  const khalti = createKhaltiSandbox({ secretKey: config.khalti.secretKey, publicBaseUrl: `${baseUrl}/khalti` });
  const esewa = createEsewaSandbox({ publicBaseUrl: `${baseUrl}/esewa`, productCode: config.esewa.productCode, secretKey: config.esewa.secretKey });
  const ikhokha = createIkhokhaSandbox({ appId: config.ikhokha.appId, appSecret: config.ikhokha.appSecret, publicBaseUrl: `${baseUrl}/ikhokha` });
  const stripe = createStripeSandbox({
    secretKey: config.stripe.secretKey,
    webhookSecret: config.stripe.webhookSecret,
    webhookUrl: webhookUrl('stripe'),
    publicBaseUrl: `${baseUrl}/stripe`,
  });
  const paypal = createPayPalSandbox({
    clientId: config.paypal.clientId,
    clientSecret: config.paypal.clientSecret,
    ...(config.paypal.webhookId ? { webhookId: config.paypal.webhookId, webhookUrl: webhookUrl('paypal') } : {}),
    publicBaseUrl: `${baseUrl}/paypal`,
  });
  const razorpay = createRazorpaySandbox({
    keyId: config.razorpay.keyId,
    keySecret: config.razorpay.keySecret,
    ...(config.razorpay.webhookSecret ? { webhookSecret: config.razorpay.webhookSecret, webhookUrl: webhookUrl('razorpay') } : {}),
    publicBaseUrl: `${baseUrl}/razorpay`,
  });
  for (const sandbox of [khalti, esewa, ikhokha, stripe, paypal, razorpay]) app.use(sandbox.middleware);
  handle = app.callback();
  return {
    baseUrl,
    khalti: khalti.control,
    esewa: esewa.control,
    ikhokha: ikhokha.control,
    stripe: stripe.control,
    paypal: paypal.control,
    razorpay: razorpay.control,
    mounted: ['khalti', 'esewa', 'ikhokha', 'stripe', 'paypal', 'razorpay'],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server!.closeAllConnections();
        server!.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
