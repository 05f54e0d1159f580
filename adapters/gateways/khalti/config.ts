import { z } from 'zod';
import { hostOf, type GatewayConfig } from '../gateway-module.js';

const env = {
  KHALTI_BASE_URL: z.url().optional(),
  KHALTI_SECRET_KEY: z.string().min(1).optional(),
};

export interface KhaltiSettings {
  readonly baseUrl: string;
  readonly secretKey: string;
}

const demo = { secretKey: 'test_secret_key_paysaga_sandbox' } as const;

export const khaltiConfig: GatewayConfig<typeof env, KhaltiSettings, typeof demo> = {
  env,
  demo,
  publishedSecrets: { KHALTI_SECRET_KEY: demo.secretKey },
  settings: (e, { required, sandboxBaseUrl }) => ({
    baseUrl: required('KHALTI_BASE_URL', e.KHALTI_BASE_URL, `${sandboxBaseUrl}/khalti/api/v2/`),
    secretKey: required('KHALTI_SECRET_KEY', e.KHALTI_SECRET_KEY, demo.secretKey),
  }),
  refusals: (khalti, { production }) => {
    const refusals: string[] = [];
    const sandboxUrl = hostOf(khalti.baseUrl).startsWith('dev.') || hostOf(khalti.baseUrl).startsWith('a.');
    const liveUrl = hostOf(khalti.baseUrl).endsWith('khalti.com') && !sandboxUrl;
    const testKey = khalti.secretKey.startsWith('test_');
    if (testKey && liveUrl) refusals.push(`KHALTI_SECRET_KEY: a test key beside the live KHALTI_BASE_URL ${khalti.baseUrl}`);
    if (khalti.secretKey.startsWith('live_') && sandboxUrl) refusals.push(`KHALTI_BASE_URL: the sandbox ${khalti.baseUrl} beside a live KHALTI_SECRET_KEY`);
    if (production && (testKey || sandboxUrl)) refusals.push('KHALTI_SECRET_KEY/KHALTI_BASE_URL: Khalti in test mode in production (NODE_ENV=production)');
    return refusals;
  },
};
