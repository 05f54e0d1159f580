import { z } from 'zod';
import { hostOf, type GatewayConfig } from '../gateway-module.js';

const env = {
  ESEWA_FORM_URL: z.url().optional(),
  ESEWA_STATUS_URL: z.url().optional(),
  ESEWA_PRODUCT_CODE: z.string().min(1).optional(),
  ESEWA_SECRET_KEY: z.string().min(1).optional(),
};

export interface EsewaSettings {
  readonly formUrl: string;
  readonly statusUrl: string;
  readonly productCode: string;
  readonly secretKey: string;
}

// eSewa's published UAT merchant and secret, which its sandbox (and ours) uses.
const demo = { productCode: 'EPAYTEST', secretKey: '8gBm/:&EnhH.1/q' } as const;

export const esewaConfig: GatewayConfig<typeof env, EsewaSettings, typeof demo> = {
  env,
  demo,
  publishedSecrets: { ESEWA_SECRET_KEY: demo.secretKey },
  settings: (e, { required, sandboxBaseUrl }) => ({
    formUrl: required('ESEWA_FORM_URL', e.ESEWA_FORM_URL, `${sandboxBaseUrl}/esewa/api/epay/main/v2/form`),
    statusUrl: required('ESEWA_STATUS_URL', e.ESEWA_STATUS_URL, `${sandboxBaseUrl}/esewa/api/epay/transaction/status/`),
    productCode: required('ESEWA_PRODUCT_CODE', e.ESEWA_PRODUCT_CODE, demo.productCode),
    secretKey: required('ESEWA_SECRET_KEY', e.ESEWA_SECRET_KEY, demo.secretKey),
  }),
  refusals: (esewa) => {
    const liveUrl = /(^|\.)esewa\.com\.np$/.test(hostOf(esewa.formUrl)) && !/^(rc|uat)/.test(hostOf(esewa.formUrl));
    return liveUrl && esewa.productCode === 'EPAYTEST' ? [`ESEWA_PRODUCT_CODE: the test merchant EPAYTEST beside the live ESEWA_FORM_URL ${esewa.formUrl}`] : [];
  },
};
