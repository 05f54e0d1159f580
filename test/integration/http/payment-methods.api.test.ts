/**
 * `/me/payment-methods` over HTTP: the production routes and use cases on a migrated PostgreSQL
 * database, with a fake gateway store of methods recording every detach (the composition root binds
 * no gateway store yet; the integrator plugs Stripe's in).
 */
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJwtAuth } from '../../../adapters/http/auth.js';
import { createHttpApp } from '../../../adapters/http/app.js';
import { paymentMethodRoutes } from '../../../adapters/http/routes/payment-methods.js';
import { MikroOrmSavedMethods } from '../../../adapters/persistence/mikro-orm-saved-methods.js';
import { makeSavedMethods, type SavedMethods } from '../../../src/payments/api.js';
import { SystemClock } from '../../../src/shared/clock.js';
import { apiClient } from '../../support/api-client.js';
import { useMigratedDatabase } from '../../support/database.js';
import { aVisa, FakeSavedMethodGateway } from '../../support/fakes/fake-saved-method-gateway.js';
import { fresh } from '../../support/mothers/ids.js';
import { closeServer, listenOnLoopback } from '../../support/ports.js';

const orm = useMigratedDatabase();
const stripe = new FakeSavedMethodGateway('stripe');
const auth = makeJwtAuth({ secret: 'payment-methods-api-test-secret', issuer: 'paysaga-test' });
let savedMethods: SavedMethods;
let server: Server;
const api = { apiUrl: '' };
const { call } = apiClient(api);

beforeAll(async () => {
  savedMethods = makeSavedMethods({
    repository: new MikroOrmSavedMethods(orm),
    gateways: (id) => (id === 'stripe' ? stripe : undefined),
    newId: () => fresh('spm'),
    clock: new SystemClock(),
  });
  server = createServer(createHttpApp({ logger: pino({ level: 'silent' }), routers: [paymentMethodRoutes({ auth, savedMethods })] }).callback());
  api.apiUrl = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));

/** A shopper with two cards saved at Stripe (the first the default, the second through Google Pay) and their token. */
async function aShopperWithCards() {
  const customerId = fresh('cus');
  const first = await savedMethods.recordSaved(customerId, 'stripe', aVisa(fresh('pm')));
  const second = await savedMethods.recordSaved(customerId, 'stripe', aVisa(fresh('pm'), { brand: 'mastercard', last4: '4444', wallet: 'google_pay' }));
  if (!first.ok || !second.ok) throw new Error('cards not saved');
  return { customerId, token: await auth.issueShopperToken(customerId), first: first.value, second: second.value };
}

interface MethodView {
  id: string;
  gateway: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  wallet?: string;
  isDefault: boolean;
  createdAt: string;
}
const list = async (token: string) => ((await (await call('GET', '/me/payment-methods', token)).json()) as { items: MethodView[] }).items;

describe('GET /me/payment-methods', () => {
  it('lists the shopper’s own methods with display data only, the default first', async () => {
    const { token, first, second } = await aShopperWithCards();
    await aShopperWithCards();
    const response = await call('GET', '/me/payment-methods', token);
    expect(response.status).toBe(200);
    const items = ((await response.json()) as { items: Record<string, unknown>[] }).items;
    expect(items).toStrictEqual([
      { id: first.id, gateway: 'stripe', type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030, isDefault: true, createdAt: first.createdAt },
      {
        id: second.id,
        gateway: 'stripe',
        type: 'card',
        brand: 'mastercard',
        last4: '4444',
        expMonth: 12,
        expYear: 2030,
        wallet: 'google_pay',
        isDefault: false,
        createdAt: second.createdAt,
      },
    ]);
    expect(JSON.stringify(items)).not.toContain(first.gatewayMethodId);
  });

  it('refuses callers without a token (401) and operators (403)', async () => {
    expect((await call('GET', '/me/payment-methods')).status).toBe(401);
    const refused = await call('GET', '/me/payment-methods', await auth.issueOperatorToken('ops_anna'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('POST /me/payment-methods/:id/default', () => {
  it('makes the method the only default', async () => {
    const { token, first, second } = await aShopperWithCards();
    const response = await call('POST', `/me/payment-methods/${second.id}/default`, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: second.id, isDefault: true });
    expect((await list(token)).map((m) => [m.id, m.isDefault])).toStrictEqual([
      [second.id, true],
      [first.id, false],
    ]);
  });
});

describe('DELETE /me/payment-methods/:id', () => {
  it('detaches the method at the gateway and removes it (204)', async () => {
    const { token, first, second } = await aShopperWithCards();
    const response = await call('DELETE', `/me/payment-methods/${second.id}`, token);
    expect(response.status).toBe(204);
    expect(stripe.detached).toContain(second.gatewayMethodId);
    expect((await list(token)).map((m) => m.id)).toStrictEqual([first.id]);
  });

  it('keeps the method and answers 503 detach_failed when the gateway fails', async () => {
    const { token, first } = await aShopperWithCards();
    stripe.failDetach = true;
    try {
      const response = await call('DELETE', `/me/payment-methods/${first.id}`, token);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { code: string; detail: string };
      expect(body.code).toBe('payments.detach_failed');
      expect(body.detail).not.toContain('api_error');
    } finally {
      stripe.failDetach = false;
    }
    expect((await list(token)).map((m) => m.id)).toContain(first.id);
  });
});

describe('another shopper’s method', () => {
  it('is a 404 payment_method_not_found in every route, and nothing changes', async () => {
    const asha = await aShopperWithCards();
    const bina = await aShopperWithCards();
    const detachedBefore = stripe.detached.length;
    for (const [method, path] of [
      ['POST', `/me/payment-methods/${asha.second.id}/default`],
      ['DELETE', `/me/payment-methods/${asha.second.id}`],
      ['POST', '/me/payment-methods/spm_nonexistent/default'],
      ['DELETE', '/me/payment-methods/spm_nonexistent'],
    ] as const) {
      const response = await call(method, path, bina.token);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('payments.payment_method_not_found');
    }
    expect((await list(bina.token)).map((m) => m.id)).not.toContain(asha.second.id);
    expect(stripe.detached.length).toBe(detachedBefore);
    expect((await list(asha.token)).map((m) => [m.id, m.isDefault])).toStrictEqual([
      [asha.first.id, true],
      [asha.second.id, false],
    ]);
  });
});
