import { z } from 'zod';
import { hostOf, type GatewayConfig } from '../gateway-module.js';

const env = {
  PAYPAL_BASE_URL: z.url().optional(),
  PAYPAL_CLIENT_ID: z.string().min(1).optional(),
  PAYPAL_CLIENT_SECRET: z.string().min(1).optional(),
  PAYPAL_WEBHOOK_ID: z.string().min(1).optional(),
};

export interface PayPalSettings {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookId?: string;
  readonly certUrlPrefixes?: readonly string[];
}

const demo = { clientId: 'paysaga-sandbox-client', clientSecret: 'paysaga-sandbox-secret', webhookId: 'WH-PAYSAGA-SANDBOX' } as const;

export const payPalConfig: GatewayConfig<typeof env, PayPalSettings, typeof demo> = {
  env,
  demo,
  publishedSecrets: { PAYPAL_CLIENT_SECRET: demo.clientSecret },
  settings: (e, { demo: demoMode, required, sandboxBaseUrl }) => ({
    baseUrl: required('PAYPAL_BASE_URL', e.PAYPAL_BASE_URL, `${sandboxBaseUrl}/paypal`),
    clientId: required('PAYPAL_CLIENT_ID', e.PAYPAL_CLIENT_ID, demo.clientId),
    clientSecret: required('PAYPAL_CLIENT_SECRET', e.PAYPAL_CLIENT_SECRET, demo.clientSecret),
    ...((e.PAYPAL_WEBHOOK_ID ?? (demoMode ? demo.webhookId : undefined)) ? { webhookId: e.PAYPAL_WEBHOOK_ID ?? demo.webhookId } : {}),
    // Certificates only from PayPal's hosts, and in demo mode from the local sandbox.
    ...(demoMode ? { certUrlPrefixes: [`${sandboxBaseUrl}/paypal/v1/notifications/certs/`] } : {}),
  }),
  refusals: (paypal, { production }) => {
    const sandboxUrl = hostOf(paypal.baseUrl).includes('sandbox.paypal.com');
    return production && sandboxUrl ? [`PAYPAL_BASE_URL: the sandbox ${paypal.baseUrl} in production (NODE_ENV=production)`] : [];
  },
};
