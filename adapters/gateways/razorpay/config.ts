import { gatewayConfig, type SettingsOf } from '../gateway-module.js';

export const razorpayConfig = gatewayConfig({
  settings: {
    apiBaseUrl: { env: 'RAZORPAY_API_BASE_URL', sandboxPath: '/razorpay/v1/' },
    checkoutUrl: { env: 'RAZORPAY_CHECKOUT_URL', sandboxPath: '/razorpay/v1/checkout/embedded' },
    keyId: { env: 'RAZORPAY_KEY_ID', demo: 'rzp_test_paysaga' },
    keySecret: { env: 'RAZORPAY_KEY_SECRET', demo: 'paysaga_sandbox_key_secret', publishedSecret: true },
    webhookSecret: { env: 'RAZORPAY_WEBHOOK_SECRET', demo: 'paysaga_sandbox_webhook_secret', optional: true, publishedSecret: true },
  },
  refusals: (razorpay, { production }) => (production && razorpay.keyId.startsWith('rzp_test_') ? ['RAZORPAY_KEY_ID: a test-mode key in production (NODE_ENV=production)'] : []),
});

export type RazorpaySettings = SettingsOf<typeof razorpayConfig>;
