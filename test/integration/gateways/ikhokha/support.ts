import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Button = 'pay-form' | 'decline-form' | 'cancel-form';

const unescapeHtml = (s: string): string => s.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

/** Acts as the shopper's browser: opens the paylink page, presses a button, stops at the redirect. */
export async function pressButton(paylinkUrl: string, button: Button): Promise<Response> {
  const page = await fetch(paylinkUrl);
  if (page.status !== 200) throw new Error(`paylink page answered ${page.status}`);
  const html = await page.text();
  const m = new RegExp(`<form\\b[^>]*\\bid="${button}"[^>]*>`).exec(html);
  if (m === null) throw new Error(`no form #${button} on the page`);
  const action = /\baction="([^"]*)"/.exec(m[0])?.[1];
  const method = /\bmethod="([^"]*)"/.exec(m[0])?.[1] ?? 'get';
  if (action === undefined) throw new Error(`form #${button} has no action`);
  return fetch(unescapeHtml(action), { method: method.toUpperCase(), body: new URLSearchParams(), redirect: 'manual' });
}

/** Where a button sent the browser: the `Location` of its 302. */
export function redirectedTo(response: Response): URL {
  if (response.status !== 302) throw new Error(`expected a 302, got ${response.status}`);
  return new URL(response.headers.get('location') ?? '');
}

export interface ReceivedWebhook {
  readonly path: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A merchant endpoint that keeps every callback's raw bytes and headers. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/webhooks/ikhokha` */
  readonly url: string;
  readonly origin: string;
  readonly received: ReceivedWebhook[];
  /** HTTP status to answer with (default 200). */
  status: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver = { status: 200 };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      received.push({ path: req.url ?? '/', body: Buffer.concat(chunks), headers });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(receiver, {
    url: `${origin}/webhooks/ikhokha`,
    origin,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
