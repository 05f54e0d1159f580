import { z } from 'zod';
import type { GatewayConfig } from '../gateway-module.js';

const env = {
  RAZORPAY_API_BASE_URL: z.url().optional(),
  RAZORPAY_CHECKOUT_URL: z.url().optional(),
  RAZORPAY_KEY_ID: z.string().min(1).optional(),
  RAZORPAY_KEY_SECRET: z.string().min(1).optional(),
  RAZORPAY_WEBHOOK_SECRET: z.string().min(1).optional(),
};

export interface RazorpaySettings {
  readonly apiBaseUrl: string;
  readonly checkoutUrl: string;
  readonly keyId: string;
  readonly keySecret: string;
  readonly webhookSecret?: string;
}

const demo = { keyId: 'rzp_test_paysaga', keySecret: 'paysaga_sandbox_key_secret', webhookSecret: 'paysaga_sandbox_webhook_secret' } as const;

export const razorpayConfig: GatewayConfig<typeof env, RazorpaySettings, typeof demo> = {
  env,
  demo,
  publishedSecrets: { RAZORPAY_KEY_SECRET: demo.keySecret, RAZORPAY_WEBHOOK_SECRET: demo.webhookSecret },
  settings: (e, { demo: demoMode, required, sandboxBaseUrl }) => ({
    apiBaseUrl: required('RAZORPAY_API_BASE_URL', e.RAZORPAY_API_BASE_URL, `${sandboxBaseUrl}/razorpay/v1/`),
    checkoutUrl: required('RAZORPAY_CHECKOUT_URL', e.RAZORPAY_CHECKOUT_URL, `${sandboxBaseUrl}/razorpay/v1/checkout/embedded`),
    keyId: required('RAZORPAY_KEY_ID', e.RAZORPAY_KEY_ID, demo.keyId),
    keySecret: required('RAZORPAY_KEY_SECRET', e.RAZORPAY_KEY_SECRET, demo.keySecret),
    ...((e.RAZORPAY_WEBHOOK_SECRET ?? (demoMode ? demo.webhookSecret : undefined)) ? { webhookSecret: e.RAZORPAY_WEBHOOK_SECRET ?? demo.webhookSecret } : {}),
  }),
  refusals: (razorpay, { production }) => (production && razorpay.keyId.startsWith('rzp_test_') ? ['RAZORPAY_KEY_ID: a test-mode key in production (NODE_ENV=production)'] : []),
};
