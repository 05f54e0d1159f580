import { definedFields } from '../../../src/shared/defined.js';
import type { GatewayAdapter } from '../gateway-adapter.js';
import { PayPalClient } from './client.js';
import { PayPalPaymentGateway } from './gateway.js';
import { parsePayPalReturn } from './return-parser.js';
import { PayPalWebhookVerifier } from './webhook-verifier.js';
import { defineGateway } from '../gateway-module.js';
import { PAYPAL_CURRENCIES } from './mapper.js';
import { payPalConfig, type PayPalSettings } from './config.js';
import { createPayPalSandbox } from './sandbox.js';

export interface PayPalAdapterConfig {
  /** `https://api-m.sandbox.paypal.com`, `https://api-m.paypal.com`, or the local sandbox's URL in demo mode. */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The webhook subscription's id. Without it no verifier is made (and PayPal webhooks are not accepted). */
  readonly webhookId?: string;
  /** URL prefixes certificates may be fetched from; default PayPal's own hosts. Demo mode adds the sandbox's. */
  readonly certUrlPrefixes?: readonly string[];
  /** Default 6 h. */
  readonly approvalWindowSeconds?: number;
  readonly brandName?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The PayPal gateway, its return parser, and (with a webhook id) its webhook verifier. */
export function createPayPalAdapter(config: PayPalAdapterConfig): GatewayAdapter {
  // The config carries the client's options under the client's own names.
  const client = new PayPalClient(config);
  const gateway = new PayPalPaymentGateway(client, definedFields({ approvalWindowSeconds: config.approvalWindowSeconds, brandName: config.brandName }));
  return {
    gateway,
    returnParser: parsePayPalReturn,
    ...(config.webhookId !== undefined && {
      webhookVerifier: new PayPalWebhookVerifier({
        webhookId: config.webhookId,
        ...definedFields({ certUrlPrefixes: config.certUrlPrefixes, timeoutMs: config.timeoutMs, fetch: config.fetch }),
      }),
    }),
  };
}

export { PayPalClient, payPalRequestId } from './client.js';
export { PayPalPaymentGateway } from './gateway.js';
export { parsePayPalReturn } from './return-parser.js';
export { PayPalWebhookVerifier, PAYPAL_CERT_URL_PREFIXES } from './webhook-verifier.js';

/** PayPal takes the currencies of its REST API's list; others it refuses (CURRENCY_NOT_SUPPORTED), so they are refused here first. */
export const payPalGateway = defineGateway({
  id: 'paypal',
  currencies: PAYPAL_CURRENCIES,
  config: payPalConfig,
  createAdapter: (settings: PayPalSettings) => createPayPalAdapter(settings),
  createSandbox: (settings: PayPalSettings, { publicBaseUrl, webhookUrl }) =>
    createPayPalSandbox({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      ...(settings.webhookId ? { webhookId: settings.webhookId, webhookUrl } : {}),
      publicBaseUrl,
    }),
});
