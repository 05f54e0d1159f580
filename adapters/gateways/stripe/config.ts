import { gatewayConfig, type SettingsOf } from '../gateway-module.js';

export const stripeConfig = gatewayConfig({
  settings: {
    apiBaseUrl: { env: 'STRIPE_API_BASE_URL', sandboxPath: '/stripe', liveDefault: 'https://api.stripe.com' },
    secretKey: { env: 'STRIPE_SECRET_KEY', demo: 'sk_test_paysaga_sandbox', publishedSecret: true },
    webhookSecret: { env: 'STRIPE_WEBHOOK_SECRET', demo: 'whsec_paysaga_sandbox', publishedSecret: true },
  },
  refusals: (stripe, { production }) => {
    const testKey = /^(sk|rk)_test_/.test(stripe.secretKey);
    return production && testKey ? ['STRIPE_SECRET_KEY: a test-mode key in production (NODE_ENV=production)'] : [];
  },
});

export type StripeSettings = SettingsOf<typeof stripeConfig>;
