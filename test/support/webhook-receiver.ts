import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly path: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A merchant endpoint standing in for our webhook route: keeps every request's raw bytes and headers. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port><path>` */
  readonly url: string;
  readonly origin: string;
  readonly received: ReceivedWebhook[];
  /** HTTP status to answer with (default 200). */
  status: number;
  answerWith(status: number): void;
  close(): Promise<void>;
}

/** Listens on a free local port; answers every request with `status` and `answer` (an empty body by default). */
export async function startWebhookReceiver(path: string, answer: { readonly contentType?: string; readonly body?: string } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', body: Buffer.concat(chunks), headers: flatten(req.headers) });
      res.writeHead(receiver.status, answer.contentType === undefined ? {} : { 'content-type': answer.contentType }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const receiver: WebhookReceiver = {
    url: `${origin}${path}`,
    origin,
    received,
    status: 200,
    answerWith: (status) => {
      receiver.status = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return receiver;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
}
