/**
 * Property: whatever arrives — random or malformed bodies, content types, bogus or missing tokens,
 * huge Content-Length, odd path parameters and query strings — no documented route answers 5xx,
 * and every error is application/problem+json. Runs against the whole stack (PostgreSQL, Temporal,
 * the Temporal dev server with visibility, every gateway sandbox), so no dependency is unavailable
 * and any 5xx is a bug.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayHarness, type GatewayHarness } from '../../harness/checkout-harness.js';

type Role = 'shopper' | 'operator' | 'none';
interface Operation {
  readonly method: string;
  readonly path: string;
  readonly auth: Role;
  readonly bodyContentType?: string;
}
interface Attempt {
  readonly params: readonly string[];
  readonly query: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly body: string | undefined;
  readonly hugeContentLength: number | undefined;
}

/** 300 by default; FUZZ_RUNS raises it for a longer hunt. */
const RUNS_TOTAL = Number(process.env['FUZZ_RUNS'] ?? 300);

let h: GatewayHarness;
let operations: Operation[];
let tokens: Record<'shopper' | 'operator', string>;
let port: number;
let probed = 0;
const seen = new Map<number, number>();

beforeAll(async () => {
  // The dev server: its visibility answers the list queries GET /admin/checkouts makes.
  h = await createGatewayHarness({ temporal: 'dev-server' });
  port = Number(new URL(h.apiUrl).port);
  tokens = { shopper: await h.tokens.issueShopperToken('cus_fuzz'), operator: await h.tokens.issueOperatorToken('ops_fuzz') };
  const document = (await (await fetch(`${h.apiUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { security: Record<string, unknown>[]; requestBody?: { content: Record<string, unknown> } }>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const scheme = op.security[0] ? Object.keys(op.security[0])[0] : undefined;
      const bodyContentType = op.requestBody ? Object.keys(op.requestBody.content)[0] : undefined;
      return {
        method: method.toUpperCase(),
        path,
        auth: scheme === 'shopperBearer' ? 'shopper' : scheme === 'operatorBearer' ? 'operator' : 'none',
        ...(bodyContentType ? { bodyContentType } : {}),
      } as const;
    }),
  );
});

afterAll(async () => {
  await h?.close();
});

// ---- arbitraries -------------------------------------------------------------------------------

/** `arbitrary` about one time in `every`, otherwise undefined. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: every - 1 }, { arbitrary, weight: 1 });
/** `arbitrary` mostly, undefined about one time in `every`. */
const mostly = <T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary, weight: every - 1 });

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const alnum = (length: number) => fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: length, maxLength: length });

/** Path segments, already as they go on the wire. */
const segment = fc.oneof(
  alnum(24).map((id) => `ord_${id}`),
  alnum(24).map((id) => `top_${id}`),
  fc.constantFrom('khalti', 'esewa', 'ikhokha', 'stripe', 'paypal', 'razorpay', 'wallet', 'cus_fuzz', 'approve'),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '.', 'a%2Fb', '%F0%9F%92%A9', '%C3%A4', '%FF%FE', '__proto__', 'constructor', 'null', '-1', '1e309', 'ord_'),
  fc
    .string({ maxLength: 40 })
    .filter((s) => s.length > 0)
    .map(encodeURIComponent),
  fc.nat({ max: 3000 }).map((n) => 'x'.repeat(n + 1)),
);

const queryPair = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('limit', 'cursor', 'gateway', 'status', 'customerId', 'from', 'to', 'waitedLongerThanSeconds', 'pidx', 'data', 'token', 'orderId'),
      fc.oneof(
        printable,
        fc.integer().map(String),
        fc.constantFrom('', '0', '-1', 'NaN', '1e400', '2025-13-45T99:99:99Z', '2025-01-01T00:00:00Z', 'Infinity', '%zz', 'eyJ9', 'W10='),
      ),
    )
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
  fc.tuple(printable, printable).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
  fc.constantFrom(
    'limit=1&limit=2',
    '__proto__[x]=1',
    'constructor[prototype][x]=1',
    'cursor=%zz',
    '%zz=1',
    'a[b][c][d][e]=1',
    '=',
    '&&',
    'limit',
    'data=%7B%7D',
    'pidx[]=1&pidx[]=2',
  ),
);
const queryString = fc.array(queryPair, { maxLength: 5 }).map((pairs) => (pairs.length > 0 ? `?${pairs.join('&')}` : ''));

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=----x',
    'application/problem+json',
    'application/octet-stream',
    '*/*',
    'application/json;;;',
    '',
  ),
  printable,
);

const authorization = (role: Role | 'bogus') => {
  if (role === 'shopper' || role === 'operator') return fc.constant(`Bearer ${tokens[role]}`);
  if (role === 'none') return fc.constant(undefined);
  return fc.oneof(
    fc.constantFrom('Bearer', 'Bearer ', 'Bearer x.y.z', 'Basic dXNlcjpwYXNz', 'bearer   ', 'Token abc', 'Bearer ===='),
    fc.constant(`Bearer ${tokens.shopper.slice(0, -3)}AAA`),
    fc.constant(`Bearer ${tokens.operator.split('.').slice(0, 2).join('.')}.`),
    // alg "none" with an operator claim
    fc.constant(`Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"operator","sub":"x","iss":"paysaga"}').toString('base64url')}.`),
    printable.map((s) => `Bearer ${s}`),
  );
};

/** Bodies near the valid ones, so validation gets past the first field now and then. */
const BASES: Record<string, Record<string, unknown>> = {
  'POST /checkouts': { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' },
  'POST /quotes': { items: [{ sku: 'MUG', quantity: 1 }], delivery: 'standard' },
  'POST /wallet/top-ups': { amountMinor: 1000, gateway: 'khalti' },
  'POST /dev/token': { role: 'operator', customerId: 'cus_fuzz' },
  'POST /admin/orders/{orderId}/refunds': { destination: 'wallet', reason: 'fuzzing refunds', amountMinor: 100 },
  'POST /admin/wallets/{customerId}/adjustments': { amountMinor: 100, reason: 'fuzzing adjustments' },
  'PUT /admin/gateways/{gateway}': { enabled: true, reason: 'fuzzing switches' },
  command: { reason: 'fuzzing commands' },
};
const baseFor = (op: Operation) => BASES[`${op.method} ${op.path}`] ?? (op.path.startsWith('/admin/checkouts/{orderId}/') ? BASES['command'] : undefined);

const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, 0, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', 'TEA', 'paypal', 'wallet', 'cash_on_delivery', null, [], {}, '4242424242424242', 'a'.repeat(300)),
);
const nearValid = (base: Record<string, unknown>) =>
  fc.tuple(fc.constantFrom(...Object.keys(base), 'extra', 'items', '__proto__'), oddValue, fc.boolean()).map(([key, value, drop]) => {
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    if (drop) delete copy[key];
    else Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    return JSON.stringify(copy);
  });

const bodyFor = (op: Operation) => {
  const base = baseFor(op);
  const options = [
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constantFrom(
      '{',
      '[',
      '{"items":',
      'null',
      '""',
      '{"__proto__":{"admin":true}}',
      '\u0000',
      '\uFEFF{}',
      '{"a":1}'.repeat(3),
      'pidx=x&status=Completed&amount=1',
      'data=e30%3D',
      'a=1&a=2',
    ),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    ...(base ? [nearValid(base), nearValid(base), nearValid(base), fc.constant(JSON.stringify(base))] : []),
  ];
  return mostly(fc.oneof(...options), 6);
};

const attemptFor = (op: Operation, role: Role | 'bogus'): fc.Arbitrary<Attempt> => {
  const paramCount = (op.path.match(/\{[^}]+\}/g) ?? []).length;
  return fc.record({
    params: fc.array(segment, { minLength: paramCount, maxLength: paramCount }),
    query: queryString,
    // Mostly the route's own content type, so that bodies reach validation and beyond.
    contentType: mostly(fc.oneof({ arbitrary: fc.constant(op.bodyContentType ?? 'application/json'), weight: 3 }, { arbitrary: contentType, weight: 1 }), 6),
    authorization: authorization(role),
    idempotencyKey: sometimes(fc.oneof(alnum(16), printable), 4),
    body: bodyFor(op),
    hugeContentLength: sometimes(fc.constantFrom(300_000, 10_000_000, 2 ** 40, Number.MAX_SAFE_INTEGER), 8),
  });
};

// ---- the request, byte for byte --------------------------------------------------------------

function send(op: Operation, attempt: Attempt): Promise<{ status: number; contentType: string; body: string; path: string }> {
  let i = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => attempt.params[i++] ?? 'x') + attempt.query;
  const headers: Record<string, string> = { connection: 'close' };
  if (attempt.contentType !== undefined) headers['content-type'] = attempt.contentType;
  if (attempt.authorization !== undefined) headers['authorization'] = attempt.authorization;
  if (attempt.idempotencyKey !== undefined) headers['idempotency-key'] = attempt.idempotencyKey;
  const body = attempt.body === undefined ? undefined : Buffer.from(attempt.body, 'utf8');
  if (attempt.hugeContentLength !== undefined) headers['content-length'] = String(attempt.hugeContentLength);
  else if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = request({ host: '127.0.0.1', port, method: op.method, path, headers, agent: false, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        settled = true;
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8'), path });
        req.destroy();
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in 20 s to ${op.method} ${path}`)));
    req.on('error', (error) => {
      if (!settled) reject(error);
    });
    // With a huge Content-Length only a little is sent: the server must refuse it without waiting.
    if (body !== undefined) req.write(body);
    if (attempt.hugeContentLength === undefined) req.end();
    else if (body === undefined) req.write(' ');
  });
}

async function check(op: Operation, attempt: Attempt): Promise<boolean> {
  const answer = await send(op, attempt);
  probed += 1;
  seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
  const where = `${op.method} ${answer.path} → ${answer.status} ${answer.contentType} ${answer.body.slice(0, 300)}`;
  expect(answer.status, where).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.contentType, where).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(answer.body) as { status: number; code: string };
    expect(problem.status, where).toBe(answer.status);
    expect(problem.code, where).toMatch(/^[a-z_]+\.[a-z_.]+$/);
  }
  return true;
}

describe('no documented route answers 5xx or a non-problem error, whatever it is sent', () => {
  it('covers every documented route with a shopper token, an operator token, no token and bogus ones', { timeout: 180_000 }, async () => {
    expect(operations.length).toBeGreaterThan(25);
    const roles = ['shopper', 'operator', 'none', 'bogus'] as const;
    // Spread the runs over every (route, role); at least one each.
    const perPair = Math.max(1, Math.floor(RUNS_TOTAL / (operations.length * roles.length)));
    const started = Date.now();
    for (const op of operations) {
      for (const role of roles) {
        await fc.assert(
          fc.asyncProperty(attemptFor(op, role), (attempt) => check(op, attempt)),
          { numRuns: perPair, endOnFailure: false, interruptAfterTimeLimit: 60_000 },
        );
      }
    }
    // The property ran, and reached past authentication and validation now and then.
    expect(probed).toBeGreaterThanOrEqual(operations.length * roles.length * perPair);
    expect([...seen.keys()].filter((status) => status < 300).length).toBeGreaterThan(0);
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
    expect(seen.get(401) ?? 0).toBeGreaterThan(0);
    console.info(`fuzz: ${probed} requests in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries([...seen].sort(([a], [b]) => a - b)))}`);
    if (RUNS_TOTAL <= 300) expect(Date.now() - started).toBeLessThan(60_000);
  });
});
