import { z } from 'zod';
import type { GatewayConfig } from '../gateway-module.js';
import { IKHOKHA_API_BASE_URL } from './client.js';

const env = {
  IKHOKHA_API_BASE_URL: z.url().optional(),
  IKHOKHA_APP_ID: z.string().min(1).optional(),
  IKHOKHA_APP_SECRET: z.string().min(1).optional(),
};

export interface IkhokhaSettings {
  readonly apiBaseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
}

const demo = { appId: 'IKSANDBOXPAYSAGA', appSecret: 'paysaga-sandbox-ikhokha-secret' } as const;

export const ikhokhaConfig: GatewayConfig<typeof env, IkhokhaSettings, typeof demo> = {
  env,
  demo,
  publishedSecrets: { IKHOKHA_APP_SECRET: demo.appSecret },
  settings: (e, { demo: demoMode, required, sandboxBaseUrl }) => ({
    apiBaseUrl: e.IKHOKHA_API_BASE_URL ?? (demoMode ? `${sandboxBaseUrl}/ikhokha/public-api/v1/api` : IKHOKHA_API_BASE_URL),
    appId: required('IKHOKHA_APP_ID', e.IKHOKHA_APP_ID, demo.appId),
    appSecret: required('IKHOKHA_APP_SECRET', e.IKHOKHA_APP_SECRET, demo.appSecret),
  }),
  refusals: () => [],
};
