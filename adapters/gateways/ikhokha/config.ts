import { gatewayConfig, type SettingsOf } from '../gateway-module.js';
import { IKHOKHA_API_BASE_URL } from './client.js';

export const ikhokhaConfig = gatewayConfig({
  settings: {
    apiBaseUrl: { env: 'IKHOKHA_API_BASE_URL', sandboxPath: '/ikhokha/public-api/v1/api', liveDefault: IKHOKHA_API_BASE_URL },
    appId: { env: 'IKHOKHA_APP_ID', demo: 'IKSANDBOXPAYSAGA' },
    appSecret: { env: 'IKHOKHA_APP_SECRET', demo: 'paysaga-sandbox-ikhokha-secret', publishedSecret: true },
  },
  refusals: () => [],
});

export type IkhokhaSettings = SettingsOf<typeof ikhokhaConfig>;
