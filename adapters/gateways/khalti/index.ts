import type { GatewayAdapter } from '../gateway-adapter.js';
import { KhaltiClient } from './client.js';
import { KhaltiPaymentGateway } from './gateway.js';
import { parseKhaltiReturn } from './return-parser.js';
import { defineGateway } from '../gateway-module.js';
import { khaltiConfig, type KhaltiSettings } from './config.js';
import { KHALTI_CURRENCY } from './mapper.js';
import { createKhaltiSandbox } from './sandbox.js';

export interface KhaltiAdapterConfig {
  /** `https://dev.khalti.com/api/v2/` (sandbox), `https://khalti.com/api/v2/`, or the local sandbox. */
  readonly baseUrl: string;
  readonly secretKey: string;
}

/** Khalti has no webhooks: the browser return and the lookup API are all there is. */
export function createKhaltiAdapter(config: KhaltiAdapterConfig): GatewayAdapter {
  return {
    gateway: new KhaltiPaymentGateway(new KhaltiClient({ baseUrl: config.baseUrl, secretKey: config.secretKey })),
    returnParser: parseKhaltiReturn,
  };
}

export const khaltiGateway = defineGateway({
  id: 'khalti',
  currencies: [KHALTI_CURRENCY],
  config: khaltiConfig,
  createAdapter: (settings: KhaltiSettings) => createKhaltiAdapter(settings),
  createSandbox: (settings: KhaltiSettings, { publicBaseUrl }) => createKhaltiSandbox({ secretKey: settings.secretKey, publicBaseUrl }),
});
