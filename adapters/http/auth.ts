import type { Context, Next } from 'koa';
import { jwtVerify, SignJWT } from 'jose';
import { HttpProblem } from './problem.js';

export interface TokenIssuer {
  issueShopperToken(customerId: string, ttlSeconds?: number): Promise<string>;
}

export interface Authenticator {
  /** Koa middleware: a valid bearer token with the shopper role sets `ctx.state.customerId`. */
  requireShopper(): (ctx: Context, next: Next) => Promise<void>;
}

/** HS256 bearer tokens: `sub` is the customer id, `role` is `shopper`. */
export function makeJwtAuth(options: { secret: string; issuer: string }): TokenIssuer & Authenticator {
  const key = new TextEncoder().encode(options.secret);
  return {
    async issueShopperToken(customerId, ttlSeconds = 3600) {
      return new SignJWT({ role: 'shopper' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(customerId)
        .setIssuer(options.issuer)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    requireShopper() {
      return async (ctx, next) => {
        const header = ctx.get('authorization');
        const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
        if (!match) throw new HttpProblem(401, 'auth.missing_token', 'Unauthorized', 'a bearer token is required', {});
        try {
          const { payload } = await jwtVerify(match[1]!, key, { issuer: options.issuer, algorithms: ['HS256'] });
          if (payload.role !== 'shopper' || typeof payload.sub !== 'string' || payload.sub.length === 0) {
            throw new HttpProblem(403, 'auth.forbidden', 'Forbidden', 'this token may not use the storefront API');
          }
          ctx.state['customerId'] = payload.sub;
        } catch (error) {
          if (error instanceof HttpProblem) throw error;
          throw new HttpProblem(401, 'auth.invalid_token', 'Unauthorized', 'the bearer token is invalid or expired');
        }
        ctx.set('WWW-Authenticate', 'Bearer');
        await next();
      };
    },
  };
}
