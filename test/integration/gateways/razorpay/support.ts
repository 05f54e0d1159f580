import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Acts as the shopper's browser on the sandbox's pages: reads a form and submits it. */
export interface HtmlForm {
  readonly action: string;
  readonly method: string;
  readonly fields: URLSearchParams;
}

const unescapeHtml = (s: string): string => s.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m?.[1] === undefined ? undefined : unescapeHtml(m[1]);
}

export function readForm(html: string, formId: string): HtmlForm {
  const m = new RegExp(`(<form\\b[^>]*\\bid="${formId}"[^>]*>)([\\s\\S]*?)</form>`).exec(html);
  if (m?.[1] === undefined || m[2] === undefined) throw new Error(`no form #${formId} on the page`);
  const action = attribute(m[1], 'action');
  if (action === undefined) throw new Error(`form #${formId} has no action`);
  const fields = new URLSearchParams();
  for (const input of m[2].matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(input[0], 'name');
    if (name !== undefined) fields.append(name, attribute(input[0], 'value') ?? '');
  }
  return { action, method: (attribute(m[1], 'method') ?? 'get').toUpperCase(), fields };
}

/** Submits like a browser would, but stops at a redirect so the test can read `Location`. */
export function submit(form: HtmlForm): Promise<Response> {
  return fetch(form.action, { method: form.method, body: form.fields, redirect: 'manual' });
}

export type Button = 'pay-form' | 'fail-form' | 'cancel-form';

/** Opens the checkout page and presses one of its buttons. */
export async function pressButton(checkoutUrl: string, button: Button): Promise<Response> {
  const page = await fetch(checkoutUrl);
  if (page.status !== 200) throw new Error(`checkout page answered ${page.status}`);
  return submit(readForm(await page.text(), button));
}

/**
 * What reaches the merchant's callback_url after a button: the fields of the auto-submitted
 * POST form (Checkout's redirect flow) or of the 302's query (`callback_method=get`).
 */
export async function returnedFields(response: Response): Promise<{ method: 'POST' | 'GET'; url: string; fields: URLSearchParams }> {
  if (response.status === 302) {
    const location = new URL(response.headers.get('location') ?? '');
    return { method: 'GET', url: `${location.origin}${location.pathname}`, fields: location.searchParams };
  }
  if (response.status !== 200) throw new Error(`button answered ${response.status}`);
  const form = readForm(await response.text(), 'callback-form');
  if (form.method !== 'POST') throw new Error(`callback form uses ${form.method}`);
  return { method: 'POST', url: form.action, fields: form.fields };
}

export interface ReceivedWebhook {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A merchant endpoint that keeps every webhook's raw bytes and headers. */
export interface WebhookReceiver {
  readonly url: string;
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
      received.push({ body: Buffer.concat(chunks), headers });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/razorpay`;
  return Object.assign(receiver, {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
