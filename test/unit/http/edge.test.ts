import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpAppOptions } from '../../../adapters/http/app.js';
import { makeJwtAuth } from '../../../adapters/http/auth.js';
import { devRoutes, healthRoutes } from '../../../adapters/http/routes/operations.js';
import { webhookRoutes } from '../../../adapters/http/routes/webhooks.js';
import { TokenBuckets } from '../../../adapters/http/rate-limit.js';
import { loadConfig } from '../../../src/config.js';
import type { WebhookIntake } from '../../../src/payments/api.js';
import { listenOnLoopback } from '../../support/ports.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(options: Partial<Omit<HttpAppOptions, 'logger' | 'routers'>> = {}): Promise<string> {
  const auth = makeJwtAuth({ secret: 'x'.repeat(32), issuer: 'test' });
  const intake = (async () => ({ ok: true, value: 'unmatched' })) as unknown as WebhookIntake;
  const logger = pino({ level: 'silent' });
  const app = createHttpApp({
    logger,
    routers: [healthRoutes({}), devRoutes({ tokens: auth, newCustomerId: () => 'cus_test' }), webhookRoutes({ intake, logger })],
    ...options,
  });
  const server = createServer(app.callback());
  servers.push(server);
  return listenOnLoopback(server);
}

const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('CORS', () => {
  it('sends no CORS headers when no origin is configured, preflight included', async () => {
    const url = await serve();
    const simple = await fetch(`${url}/health`, { headers: { origin: 'https://shop.example' } });
    expect(simple.status).toBe(200);
    expect(corsHeaders(simple)).toEqual([]);
    const preflight = await fetch(`${url}/dev/token`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(corsHeaders(preflight)).toEqual([]);
  });

  it('allows the configured origins, on answers and errors alike, and nobody else', async () => {
    const url = await serve({ cors: { origins: ['https://shop.example', 'http://localhost:5173'] } });
    const allowed = await fetch(`${url}/health`, { headers: { origin: 'https://shop.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    const error = await fetch(`${url}/nowhere`, { headers: { origin: 'http://localhost:5173' } });
    expect(error.status).toBe(404);
    expect(error.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await fetch(`${url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toMatch(/Origin/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a preflight for an allowed origin only', async () => {
    const url = await serve({ cors: { origins: ['https://shop.example'] } });
    const preflight = (origin: string) =>
      fetch(`${url}/dev/token`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const ok = await preflight('https://shop.example');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    const refused = await preflight('https://evil.example');
    expect(refused.status).not.toBe(204);
    expect(corsHeaders(refused)).toEqual([]);
  });

  it('reads CORS_ORIGINS as a comma list of origins and refuses anything else', () => {
    expect(loadConfig({ DEMO_MODE: 'true' }).cors.origins).toEqual([]);
    expect(loadConfig({ DEMO_MODE: 'true', CORS_ORIGINS: ' https://shop.example, http://localhost:5173 ,' }).cors.origins).toEqual([
      'https://shop.example',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({ DEMO_MODE: 'true', CORS_ORIGINS: 'https://shop.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ DEMO_MODE: 'true', CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('rate limits', () => {
  it('has generous defaults and reads every limit from the environment', () => {
    expect(loadConfig({ DEMO_MODE: 'true' }).rateLimits).toEqual({ tokensPerMinute: 30, webhooksPerSecond: 5000, returnsPerMinute: 120, returnsPerPaymentPerMinute: 6 });
    const env = {
      DEMO_MODE: 'true',
      RATE_LIMIT_TOKENS_PER_MINUTE: '5',
      RATE_LIMIT_WEBHOOKS_PER_SECOND: '7',
      RATE_LIMIT_RETURNS_PER_MINUTE: '9',
      RETURNS_PER_PAYMENT_PER_MINUTE: '2',
    };
    expect(loadConfig(env).rateLimits).toEqual({ tokensPerMinute: 5, webhooksPerSecond: 7, returnsPerMinute: 9, returnsPerPaymentPerMinute: 2 });
    expect(() => loadConfig({ DEMO_MODE: 'true', RATE_LIMIT_TOKENS_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_TOKENS_PER_MINUTE/);
    expect(() => loadConfig({ DEMO_MODE: 'true', RETURNS_PER_PAYMENT_PER_MINUTE: '0' })).toThrow(/RETURNS_PER_PAYMENT_PER_MINUTE/);
  });

  it('answers POST /dev/token over the limit with 429 problem+json and Retry-After', async () => {
    const url = await serve({ rateLimits: { tokensPerMinute: 3, webhooksPerSecond: 1000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${url}/dev/token`, { method: 'POST' })).status);
    expect(statuses).toEqual([201, 201, 201]);
    const limited = await fetch(`${url}/dev/token`, { method: 'POST' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'request.rate_limited' });
    // Other routes are not limited by it.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('limits webhooks per second, separately from tokens', async () => {
    const url = await serve({ rateLimits: { tokensPerMinute: 1, webhooksPerSecond: 5 } });
    const post = () => fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => post()))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await fetch(`${url}/dev/token`, { method: 'POST' })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await post()).status).toBe(200);
  });
});

describe('TokenBuckets', () => {
  it('refills continuously and keeps clients apart', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 60_000, () => now);
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(true);
    const refused = buckets.take('a');
    expect(refused).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(buckets.take('b').ok).toBe(true);
    now = 29_000;
    expect(buckets.take('a').ok).toBe(false);
    now = 30_000;
    expect(buckets.take('a').ok).toBe(true);
  });

  it('forgets idle clients so memory stays bounded', () => {
    let now = 0;
    const buckets = new TokenBuckets(1, 1_000, () => now, 100);
    for (let i = 0; i < 100; i++) buckets.take(`ip-${i}`);
    now = 5_000;
    buckets.take('late-1');
    buckets.take('late-2');
    expect(buckets.size).toBeLessThanOrEqual(100);
    for (let i = 0; i < 1_000; i++) buckets.take(`flood-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(101);
  });
});
