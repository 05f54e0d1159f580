/**
 * Tokens from a real identity provider: RS256 and ES256 keys published as a JWKS over HTTP,
 * fetched once and cached by the authenticator; roles from a configured claim.
 */
import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJwtAuth } from '../../../adapters/http/auth.js';
import { HttpProblem } from '../../../adapters/http/problem.js';
import { listenOnLoopback } from '../../support/ports.js';

interface Key {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

const servers: Server[] = [];
let jwksUrl = '';
let apiUrl = '';
let jwksFetches = 0;
const keys: Key[] = [];

async function makeKey(kid: string, alg: 'RS256' | 'ES256'): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

async function listen(server: Server): Promise<string> {
  servers.push(server);
  return listenOnLoopback(server);
}

beforeAll(async () => {
  keys.push(await makeKey('rsa-1', 'RS256'), await makeKey('ec-1', 'ES256'));
  jwksUrl = `${await listen(
    createServer((_request, response) => {
      jwksFetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys.map((key) => key.jwk) }));
    }),
  )}/.well-known/jwks.json`;
  const auth = makeJwtAuth({ jwksUrl, issuer: 'https://id.shop.test/', rolesClaim: 'https://shop.test/roles' });
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      ctx.status = error.status;
      ctx.body = { code: error.code };
    }
  });
  const shopper = auth.requireShopper();
  const operator = auth.requireOperator();
  app.use(async (ctx, next) => {
    if (ctx.path === '/shopper') return shopper(ctx, async () => void (ctx.body = { customerId: ctx.state.customerId }));
    if (ctx.path === '/operator') return operator(ctx, async () => void (ctx.body = { operatorId: ctx.state.operatorId }));
    return next();
  });
  apiUrl = await listen(createServer(app.callback()));
});

afterAll(async () => {
  for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
});

const sign = (key: Key, claims: Record<string, unknown>, audience: string, subject = 'cus_idp') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setSubject(subject)
    .setIssuer('https://id.shop.test/')
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key.privateKey);

const call = async (path: string, token: string) => {
  const response = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("tokens verified against an identity provider's JWKS", () => {
  it('accepts RS256 and ES256 shopper tokens and fetches the key set once for both', async () => {
    const before = jwksFetches;
    for (const key of keys) {
      expect(await call('/shopper', await sign(key, { 'https://shop.test/roles': ['shopper'] }, 'paysaga-storefront'))).toEqual({ status: 200, body: { customerId: 'cus_idp' } });
    }
    expect(jwksFetches - before).toBe(1);
  });

  it('takes the operator role from the configured claim, as a string or in an array', async () => {
    const key = keys[0]!;
    for (const roles of ['operator', ['viewer', 'operator']]) {
      expect(await call('/operator', await sign(key, { 'https://shop.test/roles': roles }, 'paysaga-operator', 'ops_1'))).toEqual({ status: 200, body: { operatorId: 'ops_1' } });
    }
    // The role under the default claim name is not the configured claim.
    expect(await call('/operator', await sign(key, { role: 'operator' }, 'paysaga-operator', 'ops_1'))).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
  });

  it('refuses HS256 tokens, unknown keys and tokens for the other audience', async () => {
    const hs = await new SignJWT({ 'https://shop.test/roles': 'shopper' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('cus_idp')
      .setIssuer('https://id.shop.test/')
      .setAudience('paysaga-storefront')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await call('/shopper', hs)).toMatchObject({ status: 401, body: { code: 'auth.invalid_token' } });
    const stranger = await makeKey('not-published', 'ES256');
    expect(await call('/shopper', await sign(stranger, { 'https://shop.test/roles': 'shopper' }, 'paysaga-storefront'))).toMatchObject({
      status: 401,
      body: { code: 'auth.invalid_token' },
    });
    const operatorToken = await sign(keys[1]!, { 'https://shop.test/roles': 'operator' }, 'paysaga-operator', 'ops_1');
    expect(await call('/shopper', operatorToken)).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
  });
});
