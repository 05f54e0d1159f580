import { definedFields } from '../../../src/shared/defined.js';
import type { GatewayAdapter } from '../gateway-adapter.js';
import { EsewaClient } from './client.js';
import { EsewaPaymentGateway } from './gateway.js';
import { createEsewaReturnParser } from './return-parser.js';
import { defineGateway } from '../gateway-module.js';
import { esewaConfig, type EsewaSettings } from './config.js';
import { ESEWA_CURRENCY } from './mapper.js';
import { createEsewaSandbox } from './sandbox.js';

export interface EsewaAdapterConfig {
  /** Browser form target: `https://rc-epay.esewa.com.np/api/epay/main/v2/form` (UAT), `https://epay.esewa.com.np/api/epay/main/v2/form` (production). */
  readonly formUrl: string;
  /** Status check API: `https://rc.esewa.com.np/api/epay/transaction/status/` (UAT), `https://epay.esewa.com.np/api/epay/transaction/status/` (production). */
  readonly statusUrl: string;
  /** Merchant code (`EPAYTEST` in UAT). */
  readonly productCode: string;
  /** HMAC secret (`8gBm/:&EnhH.1/q` in UAT). */
  readonly secretKey: string;
  /** How long the saga waits for the shopper; default 1800 s. */
  readonly paymentWindowSeconds?: number;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/**
 * eSewa ePay v2: the gateway and its return parser (the success redirect is signed with the
 * same secret). eSewa sends no webhooks, so there is no `webhookVerifier`.
 */
export function createEsewaAdapter(config: EsewaAdapterConfig): GatewayAdapter {
  // The config carries the client's options under the client's own names.
  const client = new EsewaClient(config);
  return {
    gateway: new EsewaPaymentGateway(client, definedFields({ paymentWindowSeconds: config.paymentWindowSeconds })),
    returnParser: createEsewaReturnParser({ secretKey: config.secretKey, productCode: config.productCode }),
  };
}

export { EsewaClient } from './client.js';
export { EsewaPaymentGateway } from './gateway.js';
export { createEsewaReturnParser, parseEsewaReturn } from './return-parser.js';

export const esewaGateway = defineGateway({
  id: 'esewa',
  currencies: [ESEWA_CURRENCY],
  config: esewaConfig,
  createAdapter: (settings: EsewaSettings) => createEsewaAdapter(settings),
  createSandbox: (settings: EsewaSettings, { publicBaseUrl }) => createEsewaSandbox({ publicBaseUrl, productCode: settings.productCode, secretKey: settings.secretKey }),
});
