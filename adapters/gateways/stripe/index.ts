import { definedFields } from '../../../src/shared/defined.js';
import type { GatewayAdapter } from '../gateway-adapter.js';
import { StripeClient } from './client.js';
import type { SavedMethodGateway } from '../../../src/payments/ports/payment-gateway.js';
import { StripePaymentGateway } from './gateway.js';
import { StripeSavedMethodGateway } from './saved-methods.js';
import { parseStripeReturn } from './return-parser.js';
import { StripeWebhookVerifier } from './webhook-verifier.js';
import { defineGateway } from '../gateway-module.js';
import { stripeConfig, type StripeSettings } from './config.js';
import { createStripeSandbox } from './sandbox.js';

export interface StripeAdapterConfig {
  /** `sk_test_…` / `sk_live_…`. */
  readonly secretKey: string;
  /** The webhook endpoint's signing secret, `whsec_…`. */
  readonly webhookSecret: string;
  /** Default `https://api.stripe.com`; demo mode points it at the sandbox (e.g. `http://localhost:3100/stripe`). */
  readonly apiBaseUrl?: string;
  /** Per API request; default 10 s. */
  readonly timeoutMs?: number;
  /** The SDK's own retries (same idempotency key); default 1. */
  readonly maxNetworkRetries?: number;
  /** Webhook signature age limit in seconds; default 300. */
  readonly webhookToleranceSeconds?: number;
}

function stripeClient(config: Pick<StripeAdapterConfig, 'secretKey' | 'apiBaseUrl' | 'timeoutMs' | 'maxNetworkRetries'>): StripeClient {
  return new StripeClient({
    secretKey: config.secretKey,
    ...definedFields({ apiBaseUrl: config.apiBaseUrl, timeoutMs: config.timeoutMs, maxNetworkRetries: config.maxNetworkRetries }),
  });
}

/** Stripe Checkout: the gateway, its browser-return parser and its webhook verifier. */
export function createStripeAdapter(config: StripeAdapterConfig): GatewayAdapter {
  const client = stripeClient(config);
  return {
    gateway: new StripePaymentGateway(client),
    returnParser: parseStripeReturn,
    webhookVerifier: new StripeWebhookVerifier({
      endpointSecret: config.webhookSecret,
      ...definedFields({ toleranceSeconds: config.webhookToleranceSeconds }),
    }),
  };
}

/**
 * The shoppers' saved methods at Stripe (Customers, PaymentMethods), from the same settings as
 * the adapter (`stripeGateway.config` / `StripeSettings`).
 */
export function createStripeSavedMethods(config: Pick<StripeAdapterConfig, 'secretKey' | 'apiBaseUrl' | 'timeoutMs' | 'maxNetworkRetries'>): SavedMethodGateway {
  return new StripeSavedMethodGateway(stripeClient(config));
}

/** The saved-method store from the settings the registry resolves for Stripe (`stripeGateway.config`). */
export const stripeSavedMethods: { readonly id: 'stripe'; readonly create: (settings: StripeSettings) => SavedMethodGateway } = {
  id: 'stripe',
  create: (settings) => createStripeSavedMethods(settings),
};

/** Stripe takes many currencies; which ones is the account's to answer. */
export const stripeGateway = defineGateway({
  id: 'stripe',
  currencies: 'any',
  config: stripeConfig,
  createAdapter: (settings: StripeSettings) => createStripeAdapter(settings),
  createSandbox: (settings: StripeSettings, { publicBaseUrl, webhookUrl }) =>
    createStripeSandbox({ secretKey: settings.secretKey, webhookSecret: settings.webhookSecret, webhookUrl, publicBaseUrl }),
});
