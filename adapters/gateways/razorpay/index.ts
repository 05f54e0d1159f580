import { definedFields } from '../../../src/shared/defined.js';
import type { GatewayAdapter } from '../gateway-adapter.js';
import { RazorpayClient } from './client.js';
import { RazorpayPaymentGateway } from './gateway.js';
import type { SavedMethodGateway } from '../../../src/payments/ports/payment-gateway.js';
import { RazorpaySavedMethodGateway } from './saved-methods.js';
import { createRazorpayReturnParser } from './return-parser.js';
import { RazorpayWebhookVerifier } from './webhook-verifier.js';
import { defineGateway } from '../gateway-module.js';
import { razorpayConfig, type RazorpaySettings } from './config.js';
import { createRazorpaySandbox } from './sandbox.js';

export interface RazorpayAdapterConfig {
  /** `https://api.razorpay.com/v1/`, or the sandbox's `apiBaseUrl`. */
  readonly apiBaseUrl: string;
  /** The page standing in for Checkout (the sandbox's `checkoutUrl` in demo mode). */
  readonly checkoutUrl: string;
  /** `rzp_test_…` / `rzp_live_…`: HTTP Basic user, and the key the checkout page opens with. */
  readonly keyId: string;
  /** HTTP Basic password; also signs Checkout's `razorpay_signature`. */
  readonly keySecret: string;
  /** The Dashboard's webhook secret (not the key secret); without it no webhook verifier is offered. */
  readonly webhookSecret?: string;
  /** Default 1800 s. */
  readonly checkoutWindowSeconds?: number;
  /** How the checkout page returns the shopper to our return URL. Default `get`. */
  readonly returnMethod?: 'get' | 'post';
  readonly merchantName?: string;
  /** Per API request. Default 10 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

function razorpayClient(config: Pick<RazorpayAdapterConfig, 'apiBaseUrl' | 'keyId' | 'keySecret' | 'fetch' | 'timeoutMs'>): RazorpayClient {
  return new RazorpayClient({
    baseUrl: config.apiBaseUrl,
    keyId: config.keyId,
    keySecret: config.keySecret,
    ...definedFields({ fetch: config.fetch, timeoutMs: config.timeoutMs }),
  });
}

/** Everything the composition root needs for Razorpay: gateway, return parser and webhook verifier. */
export function createRazorpayAdapter(config: RazorpayAdapterConfig): GatewayAdapter {
  const client = razorpayClient(config);
  const gateway = new RazorpayPaymentGateway(client, {
    keyId: config.keyId,
    checkoutUrl: config.checkoutUrl,
    ...definedFields({ checkoutWindowSeconds: config.checkoutWindowSeconds, returnMethod: config.returnMethod, merchantName: config.merchantName }),
  });
  return {
    gateway,
    returnParser: createRazorpayReturnParser(config.keySecret),
    ...(config.webhookSecret !== undefined && config.webhookSecret !== '' && { webhookVerifier: new RazorpayWebhookVerifier({ webhookSecret: config.webhookSecret }) }),
  };
}

/** The shoppers' saved cards at Razorpay (Customers and tokens), from the same settings as the adapter. */
export function createRazorpaySavedMethods(config: Pick<RazorpayAdapterConfig, 'apiBaseUrl' | 'keyId' | 'keySecret' | 'fetch' | 'timeoutMs'>): SavedMethodGateway {
  return new RazorpaySavedMethodGateway(razorpayClient(config));
}

/** The saved-card store from the settings the registry resolves for Razorpay (`razorpayGateway.config`). */
export const razorpaySavedMethods: { readonly id: 'razorpay'; readonly create: (settings: RazorpaySettings) => SavedMethodGateway } = {
  id: 'razorpay',
  create: (settings) => createRazorpaySavedMethods(settings),
};

/** Razorpay takes many currencies; which ones is the account's to answer. */
export const razorpayGateway = defineGateway({
  id: 'razorpay',
  currencies: 'any',
  config: razorpayConfig,
  // Our checkout page returns the shopper with a form POST, as Razorpay's Checkout does.
  createAdapter: (settings: RazorpaySettings) => createRazorpayAdapter({ ...settings, returnMethod: 'post' }),
  createSandbox: (settings: RazorpaySettings, { publicBaseUrl, webhookUrl }) =>
    createRazorpaySandbox({
      keyId: settings.keyId,
      keySecret: settings.keySecret,
      ...(settings.webhookSecret ? { webhookSecret: settings.webhookSecret, webhookUrl } : {}),
      publicBaseUrl,
    }),
});
