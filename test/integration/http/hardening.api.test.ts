import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { temporal } from '@temporalio/proto';
import { csvCell } from '../../../adapters/http/routes/admin.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

const { h, tokens } = useHarness({ shoppers: { shopper: 'cus_hardening' }, operators: { operator: 'ops_hardening' } });
const { call } = apiClient(h);
const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

async function problem(response: Response): Promise<{ status: number; code: string; type: string | null }> {
  const body = (await response.json()) as { code: string };
  return { status: response.status, code: body.code, type: response.headers.get('content-type') };
}

describe('pagination cursors of the wrong shape are 400 problems, never reach SQL', () => {
  const shapes = [
    [],
    ['x'],
    [0],
    [-1],
    [2 ** 40],
    [1.5],
    ['2026-01-01T00:00:00Z'],
    ['not a time', 'ord_1'],
    ['2026-13-45T99:99:99Z', 'ord_1'],
    ['2026-01-01T00:00:00.000Z', 'x'.repeat(500)],
    [1, 2],
    { id: 1 },
  ];
  const routes: [string, () => string][] = [
    ['/wallet/entries', () => tokens.shopper],
    ['/loyalty/history', () => tokens.shopper],
    ['/orders', () => tokens.shopper],
    ['/admin/payments', () => tokens.operator],
  ];
  for (const [path, token] of routes) {
    it(`${path}`, async () => {
      for (const shape of shapes) {
        // Each route takes one shape; the others (and garbage) must be refused as not issued here.
        const valid = path === '/orders' || path === '/admin/payments' ? false : JSON.stringify(shape) === '[1]';
        if (valid) continue;
        const answer = await call('GET', `${path}?cursor=${cursor(shape)}`, token());
        expect({ shape, ...(await problem(answer)) }).toEqual({ shape, status: 400, code: 'request.invalid_cursor', type: 'application/problem+json' });
      }
    });
  }

  it('a cursor this service issued still pages', async () => {
    expect((await call('GET', `/wallet/entries?cursor=${cursor([5])}`, tokens.shopper)).status).toBe(200);
    expect((await call('GET', `/orders?cursor=${cursor(['2026-01-01T00:00:00.000Z', 'ord_x'])}`, tokens.shopper)).status).toBe(200);
    expect((await call('GET', `/admin/payments?cursor=${cursor(['2026-01-01T00:00:00.000Z', 'pay_x'])}`, tokens.operator)).status).toBe(200);
  });
});

describe('values longer than their columns are 400 problems', () => {
  it('an Idempotency-Key longer than the stored key (200) on checkouts and top-ups', async () => {
    const body = JSON.stringify({ items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' });
    for (const length of [201, 255]) {
      const answer = await call('POST', '/checkouts', tokens.shopper, body, { 'idempotency-key': 'k'.repeat(length) });
      expect(await problem(answer)).toMatchObject({ status: 400, code: 'request.invalid_idempotency_key' });
      const topUp = await call('POST', '/wallet/top-ups', tokens.shopper, JSON.stringify({ amountMinor: 1000, gateway: 'khalti' }), { 'idempotency-key': 't'.repeat(length) });
      expect(await problem(topUp)).toMatchObject({ status: 400, code: 'request.invalid_idempotency_key' });
    }
    expect(Number((await h.sql<{ n: string }>('select count(*)::text as n from orders'))[0]!.n)).toBe(0);
    expect(Number((await h.sql<{ n: string }>('select count(*)::text as n from wallet_top_ups'))[0]!.n)).toBe(0);
  });

  it('a top-up retried with its Idempotency-Key is one top-up', async () => {
    const headers = { 'idempotency-key': 'top-up-retry-0001' };
    const body = JSON.stringify({ amountMinor: 1000, gateway: 'khalti' });
    const first = await call('POST', '/wallet/top-ups', tokens.shopper, body, headers);
    const again = await call('POST', '/wallet/top-ups', tokens.shopper, body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { topUpId: string }).topUpId).toBe(((await first.json()) as { topUpId: string }).topUpId);
    const other = await call('POST', '/wallet/top-ups', tokens.shopper, JSON.stringify({ amountMinor: 2000, gateway: 'khalti' }), headers);
    expect(await problem(other)).toMatchObject({ status: 422, code: 'request.idempotency_key_reused' });
    expect(Number((await h.sql<{ n: string }>('select count(*)::text as n from wallet_top_ups'))[0]!.n)).toBe(1);
  });

  it('a token subject longer than a customer id may be', async () => {
    const long = await h.tokens.issueShopperToken('c'.repeat(129));
    expect(await problem(await call('GET', '/wallet', long))).toMatchObject({ status: 400, code: 'auth.subject_too_long' });
    const longest = await h.tokens.issueShopperToken('c'.repeat(128));
    expect((await call('GET', '/wallet', longest)).status).toBe(200);
  });
});

describe('request bodies over the limit', () => {
  it('a checkout body over 64 KiB is a 413 problem', async () => {
    const body = JSON.stringify({ items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', pad: 'x'.repeat(70 * 1024) });
    expect(await problem(await call('POST', '/checkouts', tokens.shopper, body))).toMatchObject({ status: 413, code: 'request.too_large' });
  });
});

describe('tokens', () => {
  const secret = () => new TextEncoder().encode(h.config.auth.jwtSecret!);
  const sign = (claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT) => build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })).sign(secret());
  const full = (jwt: SignJWT) => jwt.setSubject('cus_tok').setIssuer(h.config.auth.issuer).setAudience('paysaga-storefront').setIssuedAt();

  it('refuses a token without exp, with too long a lifetime, or for another issuer or audience', async () => {
    const noExp = await sign({ role: 'shopper' }, full);
    const tooLong = await sign({ role: 'shopper' }, (jwt) => full(jwt).setExpirationTime('25h'));
    const otherIssuer = await sign({ role: 'shopper' }, (jwt) => full(jwt).setIssuer('someone-else').setExpirationTime('1h'));
    const otherAudience = await sign({ role: 'shopper' }, (jwt) => full(jwt).setAudience('another-api').setExpirationTime('1h'));
    const noAudience = await sign({ role: 'shopper' }, (jwt) => jwt.setSubject('cus_tok').setIssuer(h.config.auth.issuer).setIssuedAt().setExpirationTime('1h'));
    expect(await problem(await call('GET', '/wallet', noExp))).toMatchObject({ status: 401, code: 'auth.invalid_token' });
    expect(await problem(await call('GET', '/wallet', tooLong))).toMatchObject({ status: 401, code: 'auth.token_lifetime_too_long' });
    expect(await problem(await call('GET', '/wallet', otherIssuer))).toMatchObject({ status: 401, code: 'auth.invalid_token' });
    expect(await problem(await call('GET', '/wallet', otherAudience))).toMatchObject({ status: 401, code: 'auth.invalid_token' });
    expect(await problem(await call('GET', '/wallet', noAudience))).toMatchObject({ status: 401, code: 'auth.invalid_token' });
    const good = await sign({ role: 'shopper' }, (jwt) => full(jwt).setExpirationTime('1h'));
    expect((await call('GET', '/wallet', good)).status).toBe(200);
  });

  it('a shopper token is not an operator token, even claiming the role, and the other way round', async () => {
    expect(await problem(await call('GET', '/admin/payments', tokens.shopper))).toMatchObject({ status: 403, code: 'auth.forbidden' });
    const claimsOperator = await sign({ role: 'operator' }, (jwt) => full(jwt).setExpirationTime('1h'));
    expect(await problem(await call('GET', '/admin/payments', claimsOperator))).toMatchObject({ status: 403, code: 'auth.forbidden' });
    expect(await problem(await call('GET', '/wallet', tokens.operator))).toMatchObject({ status: 403, code: 'auth.forbidden' });
  });

  it("an operator token signed with the shoppers' key is refused: operators have a key of their own", async () => {
    expect(h.config.auth.jwtOperatorSecret).not.toBe(h.config.auth.jwtSecret);
    const forged = await sign({ role: 'operator' }, (jwt) =>
      jwt.setSubject('ops_forged').setIssuer(h.config.auth.issuer).setAudience('paysaga-operator').setIssuedAt().setExpirationTime('1h'),
    );
    expect(await problem(await call('GET', '/admin/payments', forged))).toMatchObject({ status: 401, code: 'auth.invalid_token' });
    expect((await call('GET', '/admin/payments', tokens.operator)).status).toBe(200);
  });
});

describe('the CSV export', () => {
  it('neutralises cells a spreadsheet would run as a formula, a leading TAB or CR included', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}cmd|' /C calc'!A0`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('ord_1')).toBe('ord_1');
    expect(csvCell(1200)).toBe('1200');
  });
});

describe('the unauthenticated return', () => {
  it("answers only what the shopper's browser needs: no customer details, lines or payment URL", async () => {
    const customer = { name: 'Sita Sharma', email: 'sita.return@example.com', phone: '9800000001' };
    const started = await call('POST', '/checkouts', tokens.shopper, JSON.stringify({ items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', customer }));
    expect(started.status).toBe(201);
    const checkout = (await started.json()) as { orderId: string; paymentAction: { url: string } };
    const back = await h.pay(new URL(checkout.paymentAction.url).searchParams.get('pidx')!);
    const answer = await fetch(`${h.apiUrl}/payments/khalti/return?${back}`);
    const text = await answer.text();
    expect(answer.status).toBe(200);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ orderId: checkout.orderId, checkoutStatus: 'confirmed', orderStatus: 'confirmed', links: { self: `/checkouts/${checkout.orderId}` } });
    expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['amount', 'checkoutStatus', 'gateway', 'links', 'orderId', 'orderStatus']));
    for (const hidden of ['lines', 'paymentAction', 'redirectUrl', 'charges', 'subtotal', 'attention']) expect(body).not.toHaveProperty(hidden);
    for (const detail of ['Sita', customer.email, customer.phone, 'pidx']) expect(text).not.toContain(detail);
    // The shopper, with their token, still sees the whole checkout.
    const own = (await (await call('GET', `/checkouts/${checkout.orderId}`, tokens.shopper)).json()) as { lines: unknown[] };
    expect(own.lines).toHaveLength(1);
  });
});

describe('workflow payloads', () => {
  const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');

  it('are encrypted in the saga history; the codec endpoint decodes them for operators only', async () => {
    const customer = { name: 'Codec Sita', email: 'codec.sita@example.com', phone: '9800000002' };
    const started = await call('POST', '/checkouts', tokens.shopper, JSON.stringify({ items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', customer }));
    expect(started.status).toBe(201);
    const { orderId } = (await started.json()) as { orderId: string };
    const history = await h.env.client.workflow.getHandle(`checkout-${orderId}`).fetchHistory();
    const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    for (const secret of [customer.name, customer.email, customer.phone]) expect(raw.includes(secret), secret).toBe(false);
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(Buffer.from(input.metadata!['encoding']!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(input.metadata!['encryption-key-id']!).toString()).toBe('demo-1');

    const body = JSON.stringify({ payloads: [{ metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, b64(v)])), data: b64(input.data) }] });
    const decoded = await call('POST', '/codec/decode', tokens.operator, body);
    expect(decoded.status).toBe(200);
    const [plain] = ((await decoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
    expect(Buffer.from(plain!.metadata['encoding']!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(plain!.data, 'base64').toString())).toMatchObject({ order: { orderId, customer } });

    // The CLI's codec client sends protojson, which leaves an empty list out.
    const none = await call('POST', '/codec/decode', tokens.operator, '{}');
    expect({ status: none.status, body: await none.json() }).toEqual({ status: 200, body: { payloads: [] } });
    expect(await problem(await call('POST', '/codec/decode', tokens.shopper, body))).toMatchObject({ status: 403, code: 'auth.forbidden' });
    expect(await problem(await call('POST', '/codec/decode', undefined, body))).toMatchObject({ status: 401, code: 'auth.missing_token' });
    // Another origin's page cannot use the demo UI's exemption.
    expect((await call('POST', '/codec/decode', undefined, body, { origin: 'http://evil.test' })).status).toBe(401);
  });

  it("lets demo mode's Temporal UI call the codec from its origin, and no other origin", async () => {
    expect(h.config.temporal.uiOrigins).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
    const ui = h.config.temporal.uiOrigins[1]!;
    const preflight = await fetch(`${h.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: ui, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ui);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/);
    const other = await fetch(`${h.apiUrl}/codec/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const decoded = await call('POST', '/codec/decode', undefined, JSON.stringify({ payloads: [] }), { origin: ui, 'x-namespace': 'default' });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(ui);
  });
});
