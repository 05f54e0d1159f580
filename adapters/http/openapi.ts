import Router from '@koa/router';
import { z } from 'zod';

/**
 * Route documentation, generated from the same zod schemas that validate the requests. Each route
 * file describes its routes with `describeRoute`; `GET /openapi.json` serves the OpenAPI 3.1
 * document for the routes actually mounted and `GET /docs` renders it as a self-contained page.
 */

export type RouteAuth = 'shopper' | 'operator' | 'none';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** `application/json` unless said otherwise. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HeaderDoc {
  readonly schema: z.ZodType;
  readonly required?: boolean;
  readonly description?: string;
}

export interface RouteDoc {
  readonly method: HttpMethod;
  /** Koa style, `/checkouts/:orderId`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly auth: RouteAuth;
  readonly params?: Readonly<Record<string, z.ZodType>>;
  /** An object schema (one parameter per key) or a record schema (free-form fields). */
  readonly query?: z.ZodType;
  readonly headers?: Readonly<Record<string, HeaderDoc>>;
  readonly body?: z.ZodType;
  /** `application/json` unless said otherwise. */
  readonly bodyContentType?: string;
  readonly bodyRequired?: boolean;
  /** Answers 429 with `Retry-After` when a client asks too often. */
  readonly rateLimited?: boolean;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
}

const registry = new Map<string, RouteDoc>();
const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${toOpenApiPath(path)}`;

/** Registers a route's documentation; a second description of the same route replaces the first. */
export function describeRoute(doc: RouteDoc): void {
  registry.set(keyOf(doc.method, doc.path), doc);
}

/** `describeRoute` for a group of routes that share their tags and auth, so each says only what is its own. */
export function describeRoutesWith(common: Pick<RouteDoc, 'tags' | 'auth'>): (doc: Omit<RouteDoc, 'tags' | 'auth'>) => void {
  return (doc) => describeRoute({ ...common, ...doc });
}

export function documentedRoutes(): readonly RouteDoc[] {
  return [...registry.values()];
}

/** `/checkouts/:orderId` → `/checkouts/{orderId}`. */
export const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Every (method, path) the routers answer, paths in OpenAPI form; HEAD (implied by GET) is left out. */
export function routesOf(routers: readonly Router[]): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const router of routers) {
    for (const layer of router.stack) {
      for (const method of layer.methods) {
        if (method === 'HEAD') continue;
        const route = { method: method.toLowerCase(), path: toOpenApiPath(layer.path as string) };
        seen.set(`${route.method} ${route.path}`, route);
      }
    }
  }
  return [...seen.values()];
}

const jsonSchema = (schema: z.ZodType): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const problemRef = { $ref: '#/components/schemas/Problem' };
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemRef } } });

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'An RFC 9457 problem; `code` is the stable machine-readable name.',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', examples: ['/problems/request.invalid'] },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    code: { type: 'string', examples: ['request.invalid'] },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string', examples: ['body.items.0.quantity'] }, message: { type: 'string' } } },
    },
  },
  additionalProperties: true,
};

function parametersOf(doc: RouteDoc): Record<string, unknown>[] {
  const parameters: Record<string, unknown>[] = [];
  const pathParams = [...doc.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  for (const name of pathParams) {
    const schema = doc.params?.[name];
    parameters.push({ name, in: 'path', required: true, schema: schema ? jsonSchema(schema) : { type: 'string' } });
  }
  if (doc.query) {
    const schema = jsonSchema(doc.query);
    const properties = schema['properties'] as Record<string, Record<string, unknown>> | undefined;
    if (schema['type'] === 'object' && properties) {
      const required = new Set((schema['required'] as string[] | undefined) ?? []);
      for (const [name, property] of Object.entries(properties)) {
        // A default makes the field optional for the caller even where zod lists it as required.
        parameters.push({ name, in: 'query', required: required.has(name) && !('default' in property), schema: property });
      }
    } else {
      parameters.push({ name: 'fields', in: 'query', required: false, style: 'form', explode: true, schema, description: 'free-form fields, as the gateway sends them' });
    }
  }
  for (const [name, header] of Object.entries(doc.headers ?? {})) {
    parameters.push({
      name,
      in: 'header',
      required: header.required ?? false,
      schema: jsonSchema(header.schema),
      ...(header.description ? { description: header.description } : {}),
    });
  }
  return parameters;
}

function operationOf(doc: RouteDoc): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    const contentType = response.contentType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
    responses[status] = {
      description: response.description,
      ...(response.headers
        ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
        : {}),
      ...(contentType === 'application/problem+json'
        ? { content: { [contentType]: { schema: problemRef } } }
        : response.schema
          ? { content: { [contentType]: { schema: jsonSchema(response.schema) } } }
          : contentType === 'none'
            ? {}
            : { content: { [contentType]: {} } }),
    };
  }
  const addError = (status: number, description: string) => {
    responses[String(status)] ??= problem(description);
  };
  if (doc.params || doc.query || doc.body || doc.headers) addError(400, 'the request is malformed; `errors` names each invalid field');
  if (doc.auth !== 'none') {
    addError(401, 'no bearer token, or an invalid or expired one');
    addError(403, `the token's role may not use this route (it needs ${doc.auth === 'shopper' ? 'a shopper' : 'an operator'} token)`);
  }
  if (doc.body) {
    addError(413, 'the body is too large');
    addError(415, `the body is not ${doc.bodyContentType ?? 'application/json'}`);
  }
  if (doc.rateLimited) {
    responses['429'] ??= {
      ...problem('too many requests from this client; retry after `Retry-After` seconds'),
      headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
    };
  }
  responses['default'] = problem('any other failure, as problem+json');
  const security = doc.auth === 'shopper' ? [{ shopperBearer: [] }] : doc.auth === 'operator' ? [{ operatorBearer: [] }] : [];
  const parameters = parametersOf(doc);
  return {
    operationId: `${doc.method}${toOpenApiPath(doc.path)
      .replace(/[{}]/g, '')
      .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [...(doc.tags ?? [])],
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body ? { requestBody: { required: doc.bodyRequired ?? true, content: { [doc.bodyContentType ?? 'application/json']: { schema: jsonSchema(doc.body) } } } } : {}),
    responses,
  };
}

export interface OpenApiInfo {
  readonly title?: string;
  readonly version?: string;
  readonly description?: string;
}

/**
 * The OpenAPI 3.1 document. With `routes`, only the documented routes among them are listed (a
 * route that is not mounted, like `/dev/token` outside demo mode, is not offered).
 */
export function buildOpenApiDocument(options: { routes?: readonly { method: string; path: string }[]; info?: OpenApiInfo } = {}): Record<string, unknown> {
  const mounted = options.routes ? new Set(options.routes.map((r) => keyOf(r.method, r.path))) : undefined;
  const paths: Record<string, Record<string, unknown>> = {};
  const docs = documentedRoutes()
    .filter((doc) => mounted === undefined || mounted.has(keyOf(doc.method, doc.path)))
    .sort((a, b) => toOpenApiPath(a.path).localeCompare(toOpenApiPath(b.path)) || a.method.localeCompare(b.method));
  for (const doc of docs) (paths[toOpenApiPath(doc.path)] ??= {})[doc.method] = operationOf(doc);
  const tags = [...new Set(docs.flatMap((doc) => doc.tags ?? []))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: options.info?.title ?? 'paysaga',
      version: options.info?.version ?? '0.1.0',
      description:
        options.info?.description ??
        'Checkout and payments API. Errors are application/problem+json (RFC 9457) with a stable `code`. Prices come from the catalog, never from the client.',
    },
    tags,
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        shopperBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT whose `role` is `shopper`; `sub` is the customer id.' },
        operatorBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT whose `role` is `operator`; `sub` names the operator.' },
      },
    },
  };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The reference as one HTML page with inline styles: no script, nothing fetched from elsewhere. */
export function renderDocsPage(document: Record<string, unknown>): string {
  const info = document['info'] as { title: string; version: string; description?: string };
  const paths = document['paths'] as Record<string, Record<string, Record<string, unknown>>>;
  const operations = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
  const who = (op: Record<string, unknown>) => {
    const security = (op['security'] as Record<string, unknown>[] | undefined) ?? [];
    const scheme = security[0] ? Object.keys(security[0])[0] : undefined;
    return scheme === 'shopperBearer' ? 'shopper token' : scheme === 'operatorBearer' ? 'operator token' : 'no token';
  };
  const section = ({ path, method, op }: (typeof operations)[number]) => {
    const id = String(op['operationId']);
    const parameters = (op['parameters'] as Record<string, unknown>[] | undefined) ?? [];
    const body = op['requestBody'] as { content: Record<string, { schema: unknown }> } | undefined;
    const responses = op['responses'] as Record<string, { description: string }>;
    return `<section id="${escapeHtml(id)}">
<h3><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op['summary'] ?? ''))} <span class="who">${escapeHtml(who(op))}</span></p>
${op['description'] ? `<p>${escapeHtml(String(op['description']))}</p>` : ''}
${
  parameters.length
    ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(String(p['name']))}</code></td><td>${escapeHtml(String(p['in']))}</td><td>${p['required'] ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p['schema']))}</code></td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${
  body
    ? Object.entries(body.content)
        .map(([type, media]) => `<h4>body <code>${escapeHtml(type)}</code></h4>${json(media.schema)}`)
        .join('')
    : ''
}
<h4>responses</h4><ul>${Object.entries(responses)
      .map(([status, response]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(response.description)}</li>`)
      .join('')}</ul>
</section>`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#1f2328}
nav{width:22rem;height:100vh;overflow:auto;position:sticky;top:0;border-right:1px solid #d0d7de;padding:1rem;box-sizing:border-box;font-size:13px}
nav a{display:block;color:inherit;text-decoration:none;padding:2px 0}main{padding:1rem 2rem;max-width:60rem}
section{border-top:1px solid #d0d7de;padding:.5rem 0}pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #d0d7de;padding:2px 6px;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:3.5em;font-size:12px;font-weight:bold;color:#fff;border-radius:3px;padding:1px 4px;text-align:center;background:#57606a}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.delete{background:#cf222e}.patch{background:#8250df}.who{color:#57606a;font-size:13px}
</style></head><body>
<nav><strong>${escapeHtml(info.title)} ${escapeHtml(info.version)}</strong><p><a href="/openapi.json">openapi.json</a></p>${operations
    .map(
      ({ path, method, op }) =>
        `<a href="#${escapeHtml(String(op['operationId']))}"><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> ${escapeHtml(path)}</a>`,
    )
    .join('')}</nav>
<main><h1>${escapeHtml(info.title)} API reference</h1><p>${escapeHtml(info.description ?? '')}</p>
${operations.map(section).join('\n')}
<section><h3>Problem</h3>${json((document['components'] as { schemas: Record<string, unknown> }).schemas['Problem'])}</section>
</main></body></html>`;
}

/** `GET /openapi.json` and `GET /docs`, for the routes of the given routers (read on first use). */
export function openApiRoutes(deps: { routers: () => readonly Router[]; info?: OpenApiInfo }): Router {
  const router = new Router();
  let cached: { document: Record<string, unknown>; page: string } | undefined;
  const built = () => {
    if (cached === undefined) {
      const document = buildOpenApiDocument({ routes: routesOf(deps.routers()), ...(deps.info ? { info: deps.info } : {}) });
      cached = { document, page: renderDocsPage(document) };
    }
    return cached;
  };
  router.get('/openapi.json', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = built().document;
  });
  router.get('/docs', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = built().page;
  });
  return router;
}

describeRoute({
  method: 'get',
  path: '/openapi.json',
  summary: 'This document: OpenAPI 3.1, generated from the schemas that validate the requests',
  tags: ['reference'],
  auth: 'none',
  responses: { 200: { description: 'the OpenAPI document' } },
});
describeRoute({
  method: 'get',
  path: '/docs',
  summary: 'A browsable reference, rendered from this document',
  tags: ['reference'],
  auth: 'none',
  responses: { 200: { description: 'an HTML page', contentType: 'text/html' } },
});
