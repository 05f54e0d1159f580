import type { Context, Next } from 'koa';
import { jwtVerify, SignJWT } from 'jose';
import { HttpProblem } from './problem.js';

export interface TokenIssuer {
  issueShopperToken(customerId: string, ttlSeconds?: number): Promise<string>;
  issueOperatorToken(operatorId: string, ttlSeconds?: number): Promise<string>;
}

export interface Authenticator {
  /** Koa middleware: a valid bearer token with the shopper role sets `ctx.state.customerId`. */
  requireShopper(): (ctx: Context, next: Next) => Promise<void>;
  /** Koa middleware: a valid bearer token with the operator role sets `ctx.state.operatorId`; a shopper's is a 403. */
  requireOperator(): (ctx: Context, next: Next) => Promise<void>;
}

/** HS256 bearer tokens: `sub` is the customer id, `role` is `shopper`. */
export function makeJwtAuth(options: { secret: string; issuer: string }): TokenIssuer & Authenticator {
  const key = new TextEncoder().encode(options.secret);
  const issue = (role: 'shopper' | 'operator', subject: string, ttlSeconds: number) =>
    new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuer(options.issuer).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).sign(key);
  const require = (role: 'shopper' | 'operator', stateKey: string, what: string) => async (ctx: Context, next: Next) => {
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(ctx.get('authorization'));
    if (!match) throw new HttpProblem(401, 'auth.missing_token', 'Unauthorized', 'a bearer token is required');
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1]!, key, { issuer: options.issuer, algorithms: ['HS256'] }));
    } catch {
      throw new HttpProblem(401, 'auth.invalid_token', 'Unauthorized', 'the bearer token is invalid or expired');
    }
    if (payload.role !== role || typeof payload.sub !== 'string' || payload.sub.length === 0) {
      throw new HttpProblem(403, 'auth.forbidden', 'Forbidden', `this token may not use ${what}`);
    }
    ctx.state[stateKey] = payload.sub;
    await next();
  };
  return {
    issueShopperToken: (customerId, ttlSeconds = 3600) => issue('shopper', customerId, ttlSeconds),
    issueOperatorToken: (operatorId, ttlSeconds = 3600) => issue('operator', operatorId, ttlSeconds),
    requireShopper: () => require('shopper', 'customerId', 'the storefront API'),
    requireOperator: () => require('operator', 'operatorId', 'the operator API'),
  };
}
