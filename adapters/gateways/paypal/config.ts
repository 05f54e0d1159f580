import { gatewayConfig, hostOf, type SettingsOf } from '../gateway-module.js';

export const payPalConfig = gatewayConfig({
  settings: {
    baseUrl: { env: 'PAYPAL_BASE_URL', sandboxPath: '/paypal' },
    clientId: { env: 'PAYPAL_CLIENT_ID', demo: 'paysaga-sandbox-client' },
    clientSecret: { env: 'PAYPAL_CLIENT_SECRET', demo: 'paysaga-sandbox-secret', publishedSecret: true },
    webhookId: { env: 'PAYPAL_WEBHOOK_ID', demo: 'WH-PAYSAGA-SANDBOX', optional: true },
  },
  // Certificates only from PayPal's hosts, and in demo mode from the local sandbox.
  derived: ({ demo, sandboxBaseUrl }): { readonly certUrlPrefixes?: readonly string[] } => (demo ? { certUrlPrefixes: [`${sandboxBaseUrl}/paypal/v1/notifications/certs/`] } : {}),
  refusals: (paypal, { production }) => {
    const sandboxUrl = hostOf(paypal.baseUrl).includes('sandbox.paypal.com');
    return production && sandboxUrl ? [`PAYPAL_BASE_URL: the sandbox ${paypal.baseUrl} in production (NODE_ENV=production)`] : [];
  },
});

export type PayPalSettings = SettingsOf<typeof payPalConfig>;
