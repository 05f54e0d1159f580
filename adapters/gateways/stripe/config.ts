import { z } from 'zod';
import type { GatewayConfig } from '../gateway-module.js';

const env = {
  STRIPE_API_BASE_URL: z.url().optional(),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
};

export interface StripeSettings {
  readonly apiBaseUrl: string;
  readonly secretKey: string;
  readonly webhookSecret: string;
}

const demo = { secretKey: 'sk_test_paysaga_sandbox', webhookSecret: 'whsec_paysaga_sandbox' } as const;

export const stripeConfig: GatewayConfig<typeof env, StripeSettings, typeof demo> = {
  env,
  demo,
  publishedSecrets: { STRIPE_SECRET_KEY: demo.secretKey, STRIPE_WEBHOOK_SECRET: demo.webhookSecret },
  settings: (e, { demo: demoMode, required, sandboxBaseUrl }) => ({
    apiBaseUrl: e.STRIPE_API_BASE_URL ?? (demoMode ? `${sandboxBaseUrl}/stripe` : 'https://api.stripe.com'),
    secretKey: required('STRIPE_SECRET_KEY', e.STRIPE_SECRET_KEY, demo.secretKey),
    webhookSecret: required('STRIPE_WEBHOOK_SECRET', e.STRIPE_WEBHOOK_SECRET, demo.webhookSecret),
  }),
  refusals: (stripe, { production }) => {
    const testKey = /^(sk|rk)_test_/.test(stripe.secretKey);
    return production && testKey ? ['STRIPE_SECRET_KEY: a test-mode key in production (NODE_ENV=production)'] : [];
  },
};
