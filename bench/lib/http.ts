/**
 * A small HTTP client on node:http with one keep-alive agent, so the loader's cost per request is
 * known and no dependency is needed. Requests go to 127.0.0.1/localhost only.
 */
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 256 });

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly timeoutMs?: number;
}

function assertLocal(url: URL): void {
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`refusing a request to ${url.host}: the harness only talks to this machine`);
  if (url.protocol !== 'http:') throw new Error(`only http: is supported, got ${url.protocol}`);
}

export function request(target: string, options: HttpRequest = {}): Promise<HttpResponse> {
  const url = new URL(target);
  assertLocal(url);
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        // localhost may resolve to ::1 first; the stack listens on 127.0.0.1.
        host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...options.headers },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 30_000} ms: ${options.method ?? 'GET'} ${url.pathname}`)));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

export async function json<T>(target: string, options: HttpRequest & { json?: unknown; expect?: number | readonly number[] } = {}): Promise<T> {
  const response = await request(target, {
    ...options,
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json), headers: { 'content-type': 'application/json', ...options.headers } }),
  });
  const expected = options.expect === undefined ? [200, 201] : typeof options.expect === 'number' ? [options.expect] : options.expect;
  if (!expected.includes(response.status))
    throw new HttpStatusError(response.status, `${options.method ?? 'GET'} ${new URL(target).pathname} answered ${response.status}: ${response.body.slice(0, 300)}`);
  return JSON.parse(response.body) as T;
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
