import type { Context, Next } from 'koa';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
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

type Role = 'shopper' | 'operator';

/** Customer and operator ids are stored in `varchar(128)` columns. */
export const MAX_SUBJECT_LENGTH = 128;

export interface JwtAuthOptions {
  /** HS256 key: the demo's signing key, or a shop's own shared secret (of shopper tokens, when `operatorSecret` is given). */
  readonly secret?: string;
  /** HS256 key of operator tokens, so that whoever holds `secret` cannot mint them. */
  readonly operatorSecret?: string;
  /** An identity provider's key set (RS256/ES256), fetched and cached by `jose`. */
  readonly jwksUrl?: string;
  readonly issuer: string;
  /** Shopper and operator tokens carry different audiences, so one is never taken for the other. */
  readonly audiences?: { readonly shopper: string; readonly operator: string };
  /** Longest lifetime (`exp − iat`) accepted, in seconds, per role. */
  readonly maxLifetimeSeconds?: { readonly shopper: number; readonly operator: number };
  /** The claim holding the role: a string (`"operator"`) or an array of roles (`["operator"]`). */
  readonly rolesClaim?: string;
}

export const DEFAULT_AUDIENCES = { shopper: 'paysaga-storefront', operator: 'paysaga-operator' } as const;
export const DEFAULT_MAX_LIFETIME_SECONDS = { shopper: 24 * 3600, operator: 12 * 3600 } as const;

/**
 * Bearer tokens: `sub` is the customer (or operator) id, `aud` says which API the token is for,
 * and the roles claim says what the subject may do. `exp`, `iat`, `iss` and `aud` are required,
 * and a token may not live longer than its role's maximum. Tokens are verified against the
 * identity provider's JWKS when one is configured (RS256/ES256) and against the HS256 secret
 * otherwise; this service issues HS256 tokens only from the secret (demo mode's `/dev/token`).
 */
export function makeJwtAuth(options: JwtAuthOptions): TokenIssuer & Authenticator {
  const audiences = options.audiences ?? DEFAULT_AUDIENCES;
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  const rolesClaim = options.rolesClaim ?? 'role';
  const encode = (value: string | undefined) => (value === undefined ? undefined : new TextEncoder().encode(value));
  const keys: Record<Role, Uint8Array | undefined> = { shopper: encode(options.secret), operator: encode(options.operatorSecret ?? options.secret) };
  const remote: JWTVerifyGetKey | undefined = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) : undefined;
  if (!keys.shopper && !keys.operator && !remote) throw new Error('makeJwtAuth needs a secret or a JWKS URL');

  const issue = (role: Role, subject: string, ttlSeconds: number) => {
    const key = keys[role];
    if (!key) throw new Error('this service issues no tokens when an identity provider signs them');
    return new SignJWT({ [rolesClaim]: role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer(options.issuer)
      .setAudience(audiences[role])
      .setIssuedAt()
      .setExpirationTime(`${Math.min(ttlSeconds, maxLifetime[role])}s`)
      .sign(key);
  };

  const verify = async (token: string, role: Role): Promise<JWTPayload> => {
    const checks = { issuer: options.issuer, audience: audiences[role], requiredClaims: ['exp', 'iat', 'sub'] };
    if (remote) return (await jwtVerify(token, remote, { ...checks, algorithms: ['RS256', 'ES256'] })).payload;
    return (await jwtVerify(token, keys[role]!, { ...checks, algorithms: ['HS256'] })).payload;
  };

  const hasRole = (payload: JWTPayload, role: Role): boolean => {
    const claim = payload[rolesClaim];
    return claim === role || (Array.isArray(claim) && claim.includes(role));
  };

  const require = (role: Role, stateKey: string, what: string) => async (ctx: Context, next: Next) => {
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(ctx.get('authorization'));
    if (!match) throw new HttpProblem(401, 'auth.missing_token', 'Unauthorized', 'a bearer token is required');
    let payload: JWTPayload;
    try {
      payload = await verify(match[1]!, role);
    } catch {
      // A valid token for the other API (a shopper's on an operator route) is forbidden, not
      // invalid. (With a key per role, its signature fails here before its audience does.)
      const other: Role = role === 'shopper' ? 'operator' : 'shopper';
      const forOther = await verify(match[1]!, other).then(
        () => true,
        () => false,
      );
      if (forOther) throw new HttpProblem(403, 'auth.forbidden', 'Forbidden', `this token may not use ${what}`);
      throw new HttpProblem(401, 'auth.invalid_token', 'Unauthorized', 'the bearer token is invalid or expired');
    }
    if (payload.exp! - payload.iat! > maxLifetime[role]) {
      throw new HttpProblem(401, 'auth.token_lifetime_too_long', 'Unauthorized', `tokens for ${what} may live at most ${maxLifetime[role]} s`);
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new HttpProblem(403, 'auth.forbidden', 'Forbidden', `this token may not use ${what}`);
    if (payload.sub.length > MAX_SUBJECT_LENGTH) {
      throw new HttpProblem(400, 'auth.subject_too_long', 'Bad Request', `the token's subject may be at most ${MAX_SUBJECT_LENGTH} characters`);
    }
    if (!hasRole(payload, role)) throw new HttpProblem(403, 'auth.forbidden', 'Forbidden', `this token may not use ${what}`);
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
