import { gatewayConfig, hostOf, type SettingsOf } from '../gateway-module.js';

export const esewaConfig = gatewayConfig({
  settings: {
    formUrl: { env: 'ESEWA_FORM_URL', sandboxPath: '/esewa/api/epay/main/v2/form' },
    statusUrl: { env: 'ESEWA_STATUS_URL', sandboxPath: '/esewa/api/epay/transaction/status/' },
    // eSewa's published UAT merchant and secret, which its sandbox (and ours) uses.
    productCode: { env: 'ESEWA_PRODUCT_CODE', demo: 'EPAYTEST' },
    secretKey: { env: 'ESEWA_SECRET_KEY', demo: '8gBm/:&EnhH.1/q', publishedSecret: true },
  },
  refusals: (esewa) => {
    const liveUrl = /(^|\.)esewa\.com\.np$/.test(hostOf(esewa.formUrl)) && !/^(rc|uat)/.test(hostOf(esewa.formUrl));
    return liveUrl && esewa.productCode === 'EPAYTEST' ? [`ESEWA_PRODUCT_CODE: the test merchant EPAYTEST beside the live ESEWA_FORM_URL ${esewa.formUrl}`] : [];
  },
});

export type EsewaSettings = SettingsOf<typeof esewaConfig>;
