import { definedFields } from '../../../src/shared/defined.js';
import type { GatewayAdapter } from '../gateway-adapter.js';
import { IkhokhaClient } from './client.js';
import { IkhokhaPaymentGateway } from './gateway.js';
import { parseIkhokhaReturn } from './return-parser.js';
import { IkhokhaWebhookVerifier, type IkhokhaSignatureScheme } from './webhook-verifier.js';
import { defineGateway } from '../gateway-module.js';
import { ikhokhaConfig, type IkhokhaSettings } from './config.js';
import { IKHOKHA_CURRENCY } from './mapper.js';
import { createIkhokhaSandbox } from './sandbox.js';

export interface IkhokhaAdapterConfig {
  /** `IK-APPID`: the application id from iKhokha's dashboard. */
  readonly appId: string;
  /** The application secret: keys `IK-SIGN` on requests and on callbacks. */
  readonly appSecret: string;
  /** Our public webhook endpoint (e.g. `https://shop.example/webhooks/ikhokha`), sent as `urls.callbackUrl`. */
  readonly callbackUrl: string;
  /** Default `https://api.ikhokha.com/public-api/v1/api`; demo mode uses the sandbox's `apiBaseUrl`. */
  readonly apiBaseUrl?: string;
  /** `entityID` in the paylink body; default `appId`. */
  readonly entityId?: string;
  readonly externalEntityId?: string;
  /** `requesterUrl`; default each request's `websiteUrl`. */
  readonly requesterUrl?: string;
  /** Default `live` (the only mode the official README says works). */
  readonly mode?: 'live' | 'test';
  /** Our checkout window; default 1800 s (iKhokha documents none). */
  readonly paymentWindowSeconds?: number;
  /** Callback signature forms accepted; default both (`raw`, then `text_stripped`). */
  readonly webhookSignatureSchemes?: readonly IkhokhaSignatureScheme[];
  /** Per API request; default 10 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/** iKhokha iK Pay: the gateway (no refunds: iKhokha documents no refund API), its return parser and its callback verifier. */
export function createIkhokhaAdapter(config: IkhokhaAdapterConfig): GatewayAdapter {
  const client = new IkhokhaClient({
    appId: config.appId,
    appSecret: config.appSecret,
    ...definedFields({ baseUrl: config.apiBaseUrl, timeoutMs: config.timeoutMs, fetch: config.fetch }),
  });
  const gateway = new IkhokhaPaymentGateway(client, {
    entityId: config.entityId ?? config.appId.trim(),
    callbackUrl: config.callbackUrl,
    ...definedFields({
      requesterUrl: config.requesterUrl,
      externalEntityId: config.externalEntityId,
      mode: config.mode,
      paymentWindowSeconds: config.paymentWindowSeconds,
      now: config.now,
    }),
  });
  return {
    gateway,
    returnParser: parseIkhokhaReturn,
    webhookVerifier: new IkhokhaWebhookVerifier({
      appId: config.appId,
      appSecret: config.appSecret,
      callbackUrl: config.callbackUrl,
      ...definedFields({ schemes: config.webhookSignatureSchemes }),
    }),
  };
}

export const ikhokhaGateway = defineGateway({
  id: 'ikhokha',
  currencies: [IKHOKHA_CURRENCY],
  config: ikhokhaConfig,
  createAdapter: (settings: IkhokhaSettings, { publicBaseUrl }) => createIkhokhaAdapter({ ...settings, callbackUrl: `${publicBaseUrl}/webhooks/ikhokha` }),
  createSandbox: (settings: IkhokhaSettings, { publicBaseUrl }) => createIkhokhaSandbox({ appId: settings.appId, appSecret: settings.appSecret, publicBaseUrl }),
});
