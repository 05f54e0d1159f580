import { gatewayConfig, hostOf, type SettingsOf } from '../gateway-module.js';

export const khaltiConfig = gatewayConfig({
  settings: {
    baseUrl: { env: 'KHALTI_BASE_URL', sandboxPath: '/khalti/api/v2/' },
    secretKey: { env: 'KHALTI_SECRET_KEY', demo: 'test_secret_key_paysaga_sandbox', publishedSecret: true },
  },
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
});

export type KhaltiSettings = SettingsOf<typeof khaltiConfig>;
