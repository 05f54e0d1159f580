import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Acts as the shopper's browser on the sandbox's hosted page: reads a form and submits it. */
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
  for (const select of m[2].matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected/.exec(select[2] ?? '');
    if (select[1] !== undefined && selected?.[1] !== undefined) fields.append(select[1], unescapeHtml(selected[1]));
  }
  return { action, method: (attribute(m[1], 'method') ?? 'get').toUpperCase(), fields };
}

/** Submits like a browser would, but stops at the redirect so the test can read `Location`. */
export function submit(form: HtmlForm, overrides: Readonly<Record<string, string>> = {}): Promise<Response> {
  const fields = new URLSearchParams(form.fields);
  for (const [k, v] of Object.entries(overrides)) fields.set(k, v);
  return fetch(form.action, { method: form.method, body: fields, redirect: 'manual' });
}

/** Opens the hosted page and presses one of its buttons. */
export async function pressButton(paymentUrl: string, formId: 'pay-form' | 'cancel-form', overrides?: Readonly<Record<string, string>>): Promise<Response> {
  const page = await fetch(paymentUrl);
  if (page.status !== 200) throw new Error(`hosted page answered ${page.status}`);
  return submit(readForm(await page.text(), formId), overrides);
}

export interface ReceivedWebhook {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A merchant endpoint that keeps every POST's raw bytes and headers; answers `status()` (default 200). */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  answerWith(status: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks), headers: flatten(req.headers) });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`,
    received,
    answerWith: (s) => {
      status = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
