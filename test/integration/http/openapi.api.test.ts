import { createServer, type Server } from 'node:http';
import Router from '@koa/router';
import type Koa from 'koa';
import { pino } from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { Validator } from '@seriousme/openapi-schema-validator';
import { loadConfig } from '../../../src/config.js';
import { buildContainer } from '../../../adapters/di/container.js';
import { TOKENS } from '../../../adapters/di/tokens.js';
import { openDatabase } from '../../../adapters/persistence/database.js';
import { routesOf } from '../../../adapters/http/openapi.js';
import { startCheckoutBody } from '../../../adapters/http/routes/checkouts.js';
import { paymentsQuery } from '../../../adapters/http/routes/admin.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { closeServer, listenOnLoopback } from '../../support/ports.js';

let database: TestDatabase;
let orm: MikroORM;
let server: Server;
let apiUrl: string;
let mounted: Router[];

type OpenApiDocument = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        security: Record<string, unknown>[];
        parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
        requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
        responses: Record<string, unknown>;
      }
    >
  >;
};

/** The routers a Koa app dispatches to: @koa/router marks its `routes()` middleware with the router. */
const routersOf = (app: Koa): Router[] =>
  app.middleware.flatMap((mw) => {
    const router = (mw as unknown as { router?: Router }).router;
    return router ? [router] : [];
  });

const operationsOf = (document: OpenApiDocument): string[] =>
  Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
    .sort();

const routeKeys = (routers: readonly Router[]): string[] =>
  routesOf(routers)
    .map((r) => `${r.method} ${r.path}`)
    .sort();

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openDatabase(database.url, { poolMax: 2 });
  const config = loadConfig({ DEMO_MODE: 'true', LOG_LEVEL: 'silent' });
  const temporalClient = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = buildContainer({ config, logger: pino({ level: 'silent' }), orm, temporalClient }).get(TOKENS.httpApp);
  mounted = routersOf(app);
  server = createServer(app.callback());
  apiUrl = await listenOnLoopback(server);
});

afterAll(async () => {
  await closeServer(server);
  await orm?.close();
  await database?.drop();
});

const fetchDocument = async (): Promise<OpenApiDocument> => {
  const response = await fetch(`${apiUrl}/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as OpenApiDocument;
};

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents exactly the routes the routers have, and nothing else', async () => {
    const document = await fetchDocument();
    // Sanity: the app's routers were found, including the prefixed admin router and the top-ups.
    const fromRouters = routeKeys(mounted);
    expect(fromRouters).toEqual(expect.arrayContaining(['post /checkouts', 'post /admin/orders/{orderId}/refunds', 'post /webhooks/{gateway}', 'get /openapi.json', 'get /docs']));
    expect(fromRouters.length).toBeGreaterThan(25);
    expect(operationsOf(document)).toEqual(fromRouters);
  });

  it('would miss a route added without documentation', async () => {
    const extra = new Router();
    extra.get('/undocumented/:thing', (ctx) => void (ctx.body = {}));
    const document = await fetchDocument();
    const documented = new Set(operationsOf(document));
    expect(routeKeys([...mounted, extra]).filter((key) => !documented.has(key))).toEqual(['get /undocumented/{thing}']);
  });

  it('describes requests with the zod schemas that validate them', async () => {
    const document = await fetchDocument();
    const { $schema: _ignored, ...checkoutSchema } = z.toJSONSchema(startCheckoutBody, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    expect(document.paths['/checkouts']!['post']!.requestBody!.content['application/json']!.schema).toEqual(checkoutSchema);
    const queryNames = document.paths['/admin/payments']!['get']!.parameters!.filter((p) => p.in === 'query').map((p) => p.name);
    expect(queryNames.sort()).toEqual(Object.keys(paymentsQuery.shape).sort());
    const orderId = document.paths['/checkouts/{orderId}']!['get']!.parameters!.find((p) => p.name === 'orderId');
    expect(orderId).toMatchObject({ in: 'path', schema: { type: 'string', pattern: '^ord_[0-9A-Za-z]{20,40}$' } });
  });

  it('names the bearer scheme each route needs and answers errors as problem+json', async () => {
    const document = await fetchDocument();
    expect(document.paths['/checkouts']!['post']!.security).toEqual([{ shopperBearer: [] }]);
    expect(document.paths['/admin/payments']!['get']!.security).toEqual([{ operatorBearer: [] }]);
    expect(document.paths['/health']!['get']!.security).toEqual([]);
    expect(document.paths['/checkouts']!['post']!.responses['401']).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(document.paths['/dev/token']!['post']!.responses['429']).toBeDefined();
  });
});

describe('GET /docs', () => {
  it('is one self-contained HTML page listing every operation', async () => {
    const response = await fetch(`${apiUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const page = await response.text();
    expect(page).not.toMatch(/<script|<link|src=|@import|https?:\/\//i);
    const document = await fetchDocument();
    for (const path of Object.keys(document.paths)) expect(page).toContain(`<code>${path.replace(/&/g, '&amp;')}</code>`);
  });
});
