import { z } from 'zod';
import { DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE } from '../temporal.config.js';
import type { PricingTerms } from './checkout/domain/quote.js';
import type { TierThresholds } from './loyalty/domain/points.js';
import { isIsoCurrency } from './shared/money.js';
import { isIsoCountry } from './shared/iso3166.js';
import { GATEWAY_IDS, type GatewayId } from './payments/api.js';
import { currencyTerms, CurrencySettingsError, shopCurrencies, type CurrencyTerms } from './shop-currencies.js';
// The one adapters import here: each gateway's environment variables, settings and refusals live
// in its own folder (adapters/gateways/<gateway>/config.ts), listed once in the registry.
import { DEMO_WHATSAPP, NotificationSettingsError, notificationSettings, type NotificationSettings } from './notification-settings.js';
import { OBSERVABILITY_ENV, observabilitySettings, type ObservabilitySettings } from './observability-settings.js';
import { storefrontSettings } from './storefront-settings.js';
import { commaSeparated, parsePayloadKeys, type PayloadKey } from './payload-keys.js';
import { GATEWAY_DEMO_VALUES, GATEWAY_ENV, gatewayRefusals, PUBLISHED_GATEWAY_SECRETS, readGatewaySettings, type GatewaySettings } from '../adapters/gateways/registry.js';

const DEMO_JWT_SECRET = 'paysaga-demo-secret-not-for-production-use';
const DEMO_JWT_OPERATOR_SECRET = 'paysaga-demo-operator-secret-not-for-production-use';
/** Sandbox credentials for demo mode, by gateway; the sandboxes accept exactly these. */
export const DEMO_SECRETS = GATEWAY_DEMO_VALUES;

/** Published with the service, like the other demo secrets: demo mode's histories are encrypted too. */
const DEMO_PAYLOAD_KEYS = 'demo-1:cGF5c2FnYS1kZW1vLXBheWxvYWQta2V5LTMyYnl0ZXM=';

export { parsePayloadKeys, type PayloadKey } from './payload-keys.js';

/** A setting holding a comma-separated list. */
const commaList = () => z.string().transform(commaSeparated);

const port = z.coerce.number().int().min(0).max(65_535);
/** The longest a token may live, in seconds: a minute at least, `atMostDays` at most. */
const tokenLifetimeSeconds = (limits: { readonly atMostDays: number; readonly defaultHours: number }) =>
  z.coerce
    .number()
    .int()
    .min(60)
    .max(limits.atMostDays * 24 * 3600)
    .default(limits.defaultHours * 3600);
/** An ISO 4217 code with a minor unit, in capitals. */
const isoCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .refine(isIsoCurrency, 'must be an ISO 4217 currency with a minor unit');
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_MODE: flag.optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_BASE_URL: z.url().optional(),
  STOREFRONT_RETURN_URL: z.url().optional(),
  /** A built storefront (index.html and assets/) to serve at `/` and `/console`; `npm start` serves its own build. */
  STOREFRONT_DIR: z.string().min(1).optional(),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_POSTGRES_PORT: port.default(5433),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default(DEFAULT_NAMESPACE),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(1_000),
  /** AES-256-GCM keys for workflow payloads, `id:base64key,…`, the first encrypting. */
  TEMPORAL_PAYLOAD_KEYS: z
    .string()
    .transform((spec, ctx) => {
      try {
        return parsePayloadKeys(spec);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  /** The Temporal UI's origin, allowed to call the codec endpoint from the browser. */
  TEMPORAL_UI_ORIGIN: z
    .string()
    .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be an origin: scheme://host[:port], no path')
    .optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** HS256 key of operator tokens: whoever holds JWT_SECRET (a storefront minting shopper tokens) cannot mint them. */
  JWT_OPERATOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().default('paysaga'),
  /** An identity provider's JWKS (RS256/ES256 tokens); without it tokens are HS256 with JWT_SECRET. */
  JWT_JWKS_URL: z.url().optional(),
  JWT_SHOPPER_AUDIENCE: z.string().min(1).default('paysaga-storefront'),
  JWT_OPERATOR_AUDIENCE: z.string().min(1).default('paysaga-operator'),
  JWT_ROLES_CLAIM: z.string().min(1).default('role'),
  JWT_SHOPPER_MAX_LIFETIME_SECONDS: tokenLifetimeSeconds({ atMostDays: 30, defaultHours: 24 }),
  JWT_OPERATOR_MAX_LIFETIME_SECONDS: tokenLifetimeSeconds({ atMostDays: 7, defaultHours: 12 }),
  SANDBOX_PORT: port.default(3100),
  SHOP_CURRENCY: isoCurrency.optional(),
  /** The currencies sold in besides SHOP_CURRENCY (which stays the first, the default); demo mode: NPR,USD,ZAR,INR. */
  SHOP_CURRENCIES: commaList().pipe(z.array(isoCurrency).min(1)).optional(),
  TAX_RATE_BASIS_POINTS: z.coerce.number().int().min(0).max(10_000).default(1300),
  DELIVERY_STANDARD_MINOR: z.coerce.number().int().min(0).default(10_000),
  DELIVERY_EXPRESS_MINOR: z.coerce.number().int().min(0).default(25_000),
  DELIVERY_PICKUP_MINOR: z.coerce.number().int().min(0).default(0),
  /** Deliveries to another country than SHOP_COUNTRY. */
  DELIVERY_INTERNATIONAL_STANDARD_MINOR: z.coerce.number().int().min(0).default(150_000),
  DELIVERY_INTERNATIONAL_EXPRESS_MINOR: z.coerce.number().int().min(0).default(300_000),
  /** The shop's country (ISO 3166-1 alpha-2): deliveries there are domestic. */
  SHOP_COUNTRY: z.string().refine(isIsoCountry, 'must be an ISO 3166-1 alpha-2 country code such as NP').default('NP'),
  /** Refuse `standard`/`express` checkouts without a delivery address (off: they are delivered at the domestic charge). */
  DELIVERY_ADDRESS_REQUIRED: flag.default(false),
  POINT_VALUE_MINOR: z.coerce.number().int().min(0).default(100),
  MAX_POINTS_SHARE_BASIS_POINTS: z.coerce.number().int().min(0).max(10_000).default(5000),
  LOYALTY_EARN_MINOR_PER_POINT: z.coerce.number().int().min(1).default(1000),
  LOYALTY_TIER_SILVER: z.coerce.number().int().min(1).default(1000),
  LOYALTY_TIER_GOLD: z.coerce.number().int().min(1).default(5000),
  LOYALTY_TIER_PLATINUM: z.coerce.number().int().min(1).default(20_000),
  ENABLED_GATEWAYS: commaList()
    .pipe(z.array(z.enum(GATEWAY_IDS)))
    .optional(),
  ...GATEWAY_ENV,
  /** Origins allowed to call the API from a browser, comma separated; none by default. */
  CORS_ORIGINS: commaList()
    .pipe(z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be an origin: scheme://host[:port], no path')))
    .optional(),
  RATE_LIMIT_TOKENS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_WEBHOOKS_PER_SECOND: z.coerce.number().int().min(1).default(5000),
  /** Browser returns (`/payments/:gateway/return`, top-ups' too) per client IP per minute. */
  RATE_LIMIT_RETURNS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Returns per gateway payment per minute that drive its saga; the rest are answered from its state. */
  RETURNS_PER_PAYMENT_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(6),
  /** The shop's name in every message it sends. */
  SHOP_NAME: z.string().trim().min(1).max(100).default('paysaga demo shop'),
  /** Where email goes out (`smtp://user:pass@host:587`, `smtps://…`); demo mode: the local mail catcher. Without it, no email is written. */
  SMTP_URL: z.url().optional(),
  /** The From of every email; demo mode: shop@paysaga.localhost. */
  NOTIFY_FROM: z.email().optional(),
  /** Staff copies (new orders, low stock, sagas that need a person) go here; none without it (demo: staff@paysaga.localhost). */
  NOTIFY_STAFF_EMAIL: z.email().optional(),
  /** The local SMTP server `npm start` runs in demo mode, whose mail `GET /dev/mail` lists. */
  MAIL_CATCHER_PORT: port.default(2525),
  /** The WhatsApp Cloud API (Graph API) base; demo mode: the local sandbox. */
  WHATSAPP_BASE_URL: z.url().optional(),
  WHATSAPP_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v21.0')
    .default('v21.0'),
  /** The business phone number's id; with WHATSAPP_ACCESS_TOKEN it turns WhatsApp on. */
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{5,20}$/, 'must be the digits of a phone number id')
    .optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(16).optional(),
  /** Attempts at one message before it is parked for an operator. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** How often the dispatcher looks for due messages when nothing woke it. */
  NOTIFY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  ...OBSERVABILITY_ENV,
});

/** The gateways' settings are under their ids: `config.khalti`, `config.stripe`, … */
export interface Config extends GatewaySettings {
  readonly env: string;
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Demo mode: gateways point at the local sandboxes and `POST /dev/token` issues shopper tokens. */
  readonly demo: boolean;
  /** With `storefrontDir`, the return URL defaults to the served storefront's `/return` page. */
  readonly http: { readonly host: string; readonly port: number; readonly publicBaseUrl: string; readonly storefrontReturnUrl?: string; readonly storefrontDir?: string };
  /** Browser origins allowed by CORS (none: no CORS headers at all). */
  readonly cors: { readonly origins: readonly string[] };
  /**
   * Per client IP: `POST /dev/token` per minute, `POST /webhooks/:gateway` per second, browser
   * returns per minute; and per gateway payment, the returns a minute that drive its saga.
   */
  readonly rateLimits: { readonly tokensPerMinute: number; readonly webhooksPerSecond: number; readonly returnsPerMinute: number; readonly returnsPerPaymentPerMinute: number };
  readonly dataDir: string;
  readonly database: { readonly url?: string; readonly poolMax: number; readonly embeddedPort: number };
  readonly temporal: {
    readonly address?: string;
    readonly namespace: string;
    readonly taskQueue: string;
    readonly devPort: number;
    readonly uiPort: number;
    /**
     * Sagas the worker keeps in memory between their workflow tasks (0: none). A saga pushed out
     * replays its history on its next task; the bound keeps the worker's memory flat however
     * many checkouts wait for payment.
     */
    readonly maxCachedWorkflows: number;
    /** Workflow payloads are encrypted with the first key; the others still decrypt (rotation). */
    readonly payloadKeys: readonly PayloadKey[];
    /** Where the Temporal UI runs, for the codec endpoint's CORS (demo mode: the dev server's UI). */
    readonly uiOrigins: readonly string[];
  };
  readonly auth: {
    /** HS256 key; absent when an identity provider's JWKS signs the tokens. */
    readonly jwtSecret?: string;
    /** HS256 key of operator tokens, never the shoppers' one; absent with a JWKS. */
    readonly jwtOperatorSecret?: string;
    readonly jwksUrl?: string;
    readonly issuer: string;
    readonly audiences: { readonly shopper: string; readonly operator: string };
    readonly rolesClaim: string;
    readonly maxLifetimeSeconds: { readonly shopper: number; readonly operator: number };
  };
  readonly sandbox: { readonly port: number; readonly baseUrl: string };
  /** Gateways this deployment offers; the others refuse checkouts with a clear problem. */
  readonly enabledGateways: readonly GatewayId[];
  /** The currencies the shop sells in; the first is the default of a request that names none. */
  readonly currencies: readonly string[];
  /** Pricing terms per currency, one entry for each of `currencies`. */
  readonly pricing: Readonly<Record<string, PricingTerms>>;
  /** The shop's country (domestic deliveries) and whether a delivery needs an address. */
  readonly delivery: { readonly shopCountry: string; readonly addressRequired: boolean };
  readonly loyalty: { readonly earnRules: Readonly<Record<string, number>>; readonly tiers: TierThresholds };
  readonly notifications: NotificationSettings;
  readonly observability: ObservabilitySettings;
}

export { DEMO_WHATSAPP, type NotificationSettings, type ObservabilitySettings };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once. Outside demo mode every secret must be given explicitly; in demo
 * mode the gateways default to the local sandboxes with sandbox keys.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: { demo?: boolean; storefrontDir?: string } = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const demo = e.DEMO_MODE ?? defaults.demo ?? false;
  const enabled: readonly GatewayId[] = e.ENABLED_GATEWAYS ?? (demo ? GATEWAY_IDS : ['khalti']);
  const missing: string[] = [];
  // A setting is required only when demo mode has no sandbox value for it and its gateway is on.
  const required = <T>(name: string, value: T | undefined, demoValue: T, gateway?: GatewayId): T => {
    if (value !== undefined) return value;
    if (demo) return demoValue;
    if (gateway === undefined || enabled.includes(gateway)) missing.push(name);
    return demoValue;
  };
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const sandboxBaseUrl = `http://localhost:${e.SANDBOX_PORT}`;
  const currencies = shopCurrencies({ SHOP_CURRENCY: e.SHOP_CURRENCY, SHOP_CURRENCIES: e.SHOP_CURRENCIES }, demo);
  let terms: Record<string, CurrencyTerms>;
  try {
    terms = currencyTerms(env, currencies);
  } catch (error) {
    if (error instanceof CurrencySettingsError) throw new ConfigError(`invalid environment:\n${error.message}`);
    throw error;
  }
  const config: Config = {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    demo,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicBaseUrl,
      ...storefrontSettings(e.STOREFRONT_DIR ?? defaults.storefrontDir, e.STOREFRONT_RETURN_URL, publicBaseUrl),
    },
    cors: { origins: e.CORS_ORIGINS ?? [] },
    rateLimits: {
      tokensPerMinute: e.RATE_LIMIT_TOKENS_PER_MINUTE,
      webhooksPerSecond: e.RATE_LIMIT_WEBHOOKS_PER_SECOND,
      returnsPerMinute: e.RATE_LIMIT_RETURNS_PER_MINUTE,
      returnsPerPaymentPerMinute: e.RETURNS_PER_PAYMENT_PER_MINUTE,
    },
    dataDir: e.DATA_DIR,
    database: { ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : {}), poolMax: e.DATABASE_POOL_MAX, embeddedPort: e.EMBEDDED_POSTGRES_PORT },
    temporal: {
      ...(e.TEMPORAL_ADDRESS ? { address: e.TEMPORAL_ADDRESS } : {}),
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      payloadKeys: required('TEMPORAL_PAYLOAD_KEYS', e.TEMPORAL_PAYLOAD_KEYS, parsePayloadKeys(DEMO_PAYLOAD_KEYS)),
      // The dev server's UI answers on both names of the loopback address.
      uiOrigins: e.TEMPORAL_UI_ORIGIN ? [e.TEMPORAL_UI_ORIGIN] : demo ? [`http://localhost:${e.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`] : [],
    },
    auth: {
      ...(e.JWT_JWKS_URL && !e.JWT_SECRET ? {} : { jwtSecret: required('JWT_SECRET', e.JWT_SECRET, DEMO_JWT_SECRET) }),
      ...(e.JWT_JWKS_URL && !e.JWT_OPERATOR_SECRET ? {} : { jwtOperatorSecret: required('JWT_OPERATOR_SECRET', e.JWT_OPERATOR_SECRET, DEMO_JWT_OPERATOR_SECRET) }),
      ...(e.JWT_JWKS_URL ? { jwksUrl: e.JWT_JWKS_URL } : {}),
      issuer: e.JWT_ISSUER,
      audiences: { shopper: e.JWT_SHOPPER_AUDIENCE, operator: e.JWT_OPERATOR_AUDIENCE },
      rolesClaim: e.JWT_ROLES_CLAIM,
      maxLifetimeSeconds: { shopper: e.JWT_SHOPPER_MAX_LIFETIME_SECONDS, operator: e.JWT_OPERATOR_MAX_LIFETIME_SECONDS },
    },
    sandbox: { port: e.SANDBOX_PORT, baseUrl: sandboxBaseUrl },
    enabledGateways: enabled,
    ...readGatewaySettings(e, (gateway) => ({
      demo,
      sandboxBaseUrl,
      required: (name, value, demoValue) => required(name, value, demoValue, gateway),
    })),
    currencies,
    pricing: Object.fromEntries(Object.entries(terms).map(([currency, { earnMinorPerPoint: _earn, ...pricing }]) => [currency, pricing])),
    delivery: { shopCountry: e.SHOP_COUNTRY, addressRequired: e.DELIVERY_ADDRESS_REQUIRED },
    loyalty: {
      earnRules: Object.fromEntries(Object.entries(terms).map(([currency, t]) => [currency, t.earnMinorPerPoint])),
      tiers: { silver: e.LOYALTY_TIER_SILVER, gold: e.LOYALTY_TIER_GOLD, platinum: e.LOYALTY_TIER_PLATINUM },
    },
    notifications: notificationsOf(e, demo, sandboxBaseUrl),
    observability: observabilitySettings(e),
  };
  if (!(e.LOYALTY_TIER_SILVER < e.LOYALTY_TIER_GOLD && e.LOYALTY_TIER_GOLD < e.LOYALTY_TIER_PLATINUM)) {
    throw new ConfigError('invalid environment:\n  LOYALTY_TIER_*: thresholds must rise from silver to gold to platinum');
  }
  if (missing.length > 0) {
    throw new ConfigError(`missing environment outside demo mode (set them, or DEMO_MODE=true): ${missing.join(', ')}`);
  }
  const refusals = unsafeSettings(e, config);
  if (refusals.length > 0) throw new ConfigError(`refusing to start with unsafe settings:\n${refusals.map((r) => `  ${r}`).join('\n')}`);
  return config;
}

function notificationsOf(...args: Parameters<typeof notificationSettings>): NotificationSettings {
  try {
    return notificationSettings(...args);
  } catch (error) {
    if (error instanceof NotificationSettingsError) throw new ConfigError(error.message);
    throw error;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Values published with this service (demo mode's sandboxes accept exactly these): never secrets. */
const PUBLISHED_SECRETS: Readonly<Record<string, string>> = {
  JWT_SECRET: DEMO_JWT_SECRET,
  JWT_OPERATOR_SECRET: DEMO_JWT_OPERATOR_SECRET,
  ...PUBLISHED_GATEWAY_SECRETS,
  WHATSAPP_ACCESS_TOKEN: DEMO_WHATSAPP.accessToken,
};

/**
 * What a deployment must never run with, each naming its setting: demo mode (which mints operator
 * tokens at `/dev/token`) reachable from other machines or asked for in production; published
 * secrets outside demo mode; test-mode gateway keys beside live gateway URLs (or in production),
 * and live keys beside sandbox URLs.
 */
function unsafeSettings(e: z.infer<typeof schema>, config: Config): string[] {
  const refusals: string[] = [];
  const production = e.NODE_ENV === 'production';
  if (config.demo) {
    if (!LOOPBACK_HOSTS.has(e.HOST)) refusals.push(`HOST=${e.HOST}: demo mode (DEMO_MODE) mints operator tokens at /dev/token, so it listens on a loopback address only`);
    if (production) refusals.push('DEMO_MODE: demo mode is never production (NODE_ENV=production)');
    return refusals;
  }
  const env = e as Record<string, unknown>;
  for (const [name, published] of Object.entries(PUBLISHED_SECRETS)) {
    if (env[name] === published) refusals.push(`${name}: this is the published demo value, not a secret`);
  }
  if (e.JWT_SECRET !== undefined && e.JWT_SECRET === e.JWT_OPERATOR_SECRET) {
    refusals.push('JWT_OPERATOR_SECRET: the same as JWT_SECRET, so whoever mints shopper tokens could mint operator tokens');
  }
  const demoKeys = parsePayloadKeys(DEMO_PAYLOAD_KEYS);
  for (const key of config.temporal.payloadKeys) {
    if (demoKeys.some((demoKey) => demoKey.key.equals(key.key))) refusals.push(`TEMPORAL_PAYLOAD_KEYS: key ${key.id} is the published demo key, not a secret`);
  }
  refusals.push(...gatewayRefusals(config, config.enabledGateways, { production }));
  return refusals;
}
