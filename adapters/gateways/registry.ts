import {
  GATEWAY_IDS,
  type AcceptedCurrencies,
  type GatewayId,
  type PaymentCallback,
  type PaymentGateway,
  type PaymentGateways,
  type WebhookVerifier,
} from '../../src/payments/api.js';
import type { OrderReturnHint } from '../../src/payments/ports/payment-gateway.js';
import type { CallbackQuery, PaymentReturnParsers } from '../../src/payments/ports/payment-callbacks.js';
import { domainError, err, type DomainError, type Result } from '../../src/shared/result.js';
import type { GatewayAdapter, MountableSandbox } from './gateway-adapter.js';
import type { AdapterContext, GatewayModule, SandboxContext, SettingsContext } from './gateway-module.js';
import { esewaGateway } from './esewa/index.js';
import { ikhokhaGateway } from './ikhokha/index.js';
import { khaltiGateway } from './khalti/index.js';
import { payPalGateway } from './paypal/index.js';
import { razorpayGateway } from './razorpay/index.js';
import { stripeGateway } from './stripe/index.js';

/**
 * Every gateway the service knows, one line each, by id. `GatewayId` (in
 * src/payments/ports/payment-gateway.ts, which may not import adapters) lists the same ids: a
 * gateway missing here, or here and not there, does not compile.
 */
const MODULES = {
  khalti: khaltiGateway,
  esewa: esewaGateway,
  ikhokha: ikhokhaGateway,
  stripe: stripeGateway,
  paypal: payPalGateway,
  razorpay: razorpayGateway,
} as const satisfies { readonly [Id in GatewayId]: GatewayModule<Id> };

type Modules = typeof MODULES;

/** The gateways in `GATEWAY_IDS` order: configuration, adapters and sandboxes follow it. */
export const GATEWAYS: readonly GatewayModule[] = GATEWAY_IDS.map((id) => MODULES[id]);

/** The currencies each gateway takes, under its id. */
export const GATEWAY_CURRENCIES = Object.fromEntries(GATEWAYS.map((gateway) => [gateway.id, gateway.currencies])) as { readonly [Id in GatewayId]: AcceptedCurrencies };

/** Each gateway's settings, under its id (`config.khalti`, `config.stripe`, …). */
export type GatewaySettings = { readonly [Id in GatewayId]: ReturnType<Modules[Id]['config']['settings']> };

/** Each gateway's demo values, which its sandbox accepts. */
export type GatewayDemoValues = { readonly [Id in GatewayId]: Modules[Id]['config']['demo'] };

/** Each sandbox's control, under its gateway's id. */
export type GatewaySandboxControls = { readonly [Id in GatewayId]: ReturnType<Modules[Id]['createSandbox']>['control'] };

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The gateways' environment variables, to be parsed with the rest of the environment. */
export const GATEWAY_ENV = Object.assign({}, ...GATEWAYS.map((gateway) => gateway.config.env)) as UnionToIntersection<Modules[GatewayId]['config']['env']>;

export const GATEWAY_DEMO_VALUES = Object.fromEntries(GATEWAYS.map((gateway) => [gateway.id, gateway.config.demo])) as GatewayDemoValues;

/** Variables whose demo value is published with the service, gateway by gateway. */
export const PUBLISHED_GATEWAY_SECRETS: Readonly<Record<string, string>> = Object.assign({}, ...GATEWAYS.map((gateway) => gateway.config.publishedSecrets));

/** Reads every gateway's settings, in `GATEWAYS` order, each with its own context. */
export function readGatewaySettings(env: Readonly<Record<string, unknown>>, context: (gateway: GatewayId) => SettingsContext): GatewaySettings {
  return Object.fromEntries(GATEWAYS.map((gateway) => [gateway.id, gateway.config.settings(env, context(gateway.id))])) as GatewaySettings;
}

/** What the enabled gateways must never run with, outside demo mode. */
export function gatewayRefusals(settings: GatewaySettings, enabled: readonly GatewayId[], context: { readonly production: boolean }): string[] {
  return GATEWAYS.filter((gateway) => enabled.includes(gateway.id)).flatMap((gateway) => gateway.config.refusals(settings[gateway.id], context));
}

export function createGatewayAdapter(id: GatewayId, settings: GatewaySettings, context: AdapterContext): GatewayAdapter {
  const gateway: GatewayModule = MODULES[id];
  return gateway.createAdapter(settings[id], context);
}

export function createGatewaySandbox(id: GatewayId, settings: GatewaySettings, context: SandboxContext): MountableSandbox<unknown> {
  const gateway: GatewayModule = MODULES[id];
  return gateway.createSandbox(settings[id], context);
}

/** The configured gateway adapters by id: their `PaymentGateway`s, return parsers and webhook verifiers. */
export class GatewayRegistry implements PaymentGateways, PaymentReturnParsers {
  readonly #adapters: ReadonlyMap<GatewayId, GatewayAdapter>;

  constructor(adapters: readonly GatewayAdapter[]) {
    this.#adapters = new Map(adapters.map((adapter) => [adapter.gateway.id, adapter]));
  }

  has(id: GatewayId): boolean {
    return this.#adapters.has(id);
  }

  ids(): GatewayId[] {
    return [...this.#adapters.keys()];
  }

  get(id: GatewayId): PaymentGateway {
    const adapter = this.#adapters.get(id);
    if (adapter === undefined) throw new Error(`gateway ${id} is not configured`);
    return adapter.gateway;
  }

  parse(gateway: GatewayId, query: CallbackQuery): Result<PaymentCallback | OrderReturnHint, DomainError> {
    const parser = this.#adapters.get(gateway)?.returnParser;
    if (parser === undefined) return err(domainError('payments.gateway_unavailable', `${gateway} is not offered here`));
    return parser(query);
  }

  webhookVerifier(gateway: GatewayId): WebhookVerifier | undefined {
    return this.#adapters.get(gateway)?.webhookVerifier;
  }
}
