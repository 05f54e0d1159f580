/**
 * `src/main.ts` refuses unsafe settings before it touches a database or a Temporal server: each
 * case starts the real process and reads what an operator would see on its stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SAFE_JWT_SECRET = 'a-real-deployment-secret-of-enough-length-0123456789';

/** A production-like deployment with Khalti live: nothing here is refused. */
const SAFE: Record<string, string> = {
  NODE_ENV: 'production',
  DEMO_MODE: 'false',
  HOST: '0.0.0.0',
  LOG_LEVEL: 'silent',
  JWT_SECRET: SAFE_JWT_SECRET,
  JWT_OPERATOR_SECRET: 'another-real-deployment-secret-for-operators-9876543210',
  ENABLED_GATEWAYS: 'khalti',
  KHALTI_BASE_URL: 'https://khalti.com/api/v2/',
  KHALTI_SECRET_KEY: 'live_secret_key_0123456789abcdef',
  TEMPORAL_PAYLOAD_KEYS: `prod-1:${Buffer.alloc(32, 7).toString('base64')}`,
};

interface Exit {
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs `src/main.ts api` with exactly `env` (plus PATH): no DATABASE_URL, so a config that passes stops at the next step. */
function startApi(env: Record<string, string | undefined>): Promise<Exit> {
  const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'api'], { cwd: root, env: clean, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts api did not exit within 30 s:\n${stderr}`));
    }, 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const EX_CONFIG = 78;

describe.concurrent('src/main.ts refuses to start with unsafe settings, naming the setting', () => {
  it('a safe production configuration passes the check (and stops only for the missing database)', async () => {
    const exit = await startApi(SAFE);
    expect(exit.code).toBe(1);
    expect(exit.stderr).not.toContain('unsafe');
  });

  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    ['demo mode on a non-loopback address', { NODE_ENV: 'development', DEMO_MODE: 'true', HOST: '0.0.0.0' }, /HOST=0\.0\.0\.0: demo mode/],
    ['demo mode in production', { DEMO_MODE: 'true', HOST: '127.0.0.1' }, /DEMO_MODE: demo mode is never production/],
    ['the published demo JWT secret', { JWT_SECRET: 'paysaga-demo-secret-not-for-production-use' }, /JWT_SECRET: this is the published demo value/],
    ['one HS256 secret for shoppers and operators', { JWT_OPERATOR_SECRET: SAFE_JWT_SECRET }, /JWT_OPERATOR_SECRET: the same as JWT_SECRET/],
    ['the published demo operator secret', { JWT_OPERATOR_SECRET: 'paysaga-demo-operator-secret-not-for-production-use' }, /JWT_OPERATOR_SECRET: this is the published demo value/],
    [
      'a Khalti test key beside the live URL',
      { NODE_ENV: 'staging', KHALTI_SECRET_KEY: 'test_secret_key_0123456789' },
      /KHALTI_SECRET_KEY: a test key beside the live KHALTI_BASE_URL/,
    ],
    [
      'a live Khalti key beside the sandbox URL',
      { NODE_ENV: 'staging', KHALTI_BASE_URL: 'https://dev.khalti.com/api/v2/' },
      /KHALTI_BASE_URL: the sandbox .* beside a live KHALTI_SECRET_KEY/,
    ],
    [
      'Khalti in test mode in production',
      { KHALTI_BASE_URL: 'https://dev.khalti.com/api/v2/', KHALTI_SECRET_KEY: 'test_secret_key_0123456789' },
      /Khalti in test mode in production/,
    ],
    [
      'the eSewa test merchant beside the live form',
      {
        ENABLED_GATEWAYS: 'khalti,esewa',
        ESEWA_FORM_URL: 'https://epay.esewa.com.np/api/epay/main/v2/form',
        ESEWA_STATUS_URL: 'https://epay.esewa.com.np/api/epay/transaction/status/',
        ESEWA_PRODUCT_CODE: 'EPAYTEST',
        ESEWA_SECRET_KEY: 'a-merchant-secret',
      },
      /ESEWA_PRODUCT_CODE: the test merchant EPAYTEST/,
    ],
    [
      'a Stripe test key in production',
      { ENABLED_GATEWAYS: 'khalti,stripe', STRIPE_SECRET_KEY: 'sk_test_51abcdef', STRIPE_WEBHOOK_SECRET: 'whsec_real' },
      /STRIPE_SECRET_KEY: a test-mode key in production/,
    ],
    [
      'a Razorpay test key in production',
      {
        ENABLED_GATEWAYS: 'khalti,razorpay',
        RAZORPAY_API_BASE_URL: 'https://api.razorpay.com/v1/',
        RAZORPAY_CHECKOUT_URL: 'https://api.razorpay.com/v1/checkout/embedded',
        RAZORPAY_KEY_ID: 'rzp_test_abc',
        RAZORPAY_KEY_SECRET: 'secret',
      },
      /RAZORPAY_KEY_ID: a test-mode key in production/,
    ],
    [
      'the PayPal sandbox in production',
      { ENABLED_GATEWAYS: 'khalti,paypal', PAYPAL_BASE_URL: 'https://api-m.sandbox.paypal.com', PAYPAL_CLIENT_ID: 'id', PAYPAL_CLIENT_SECRET: 'secret' },
      /PAYPAL_BASE_URL: the sandbox .* in production/,
    ],
    ['the published demo payload key', { TEMPORAL_PAYLOAD_KEYS: 'mine:cGF5c2FnYS1kZW1vLXBheWxvYWQta2V5LTMyYnl0ZXM=' }, /TEMPORAL_PAYLOAD_KEYS: key mine is the published demo key/],
    [
      'a published sandbox webhook secret outside demo mode',
      { ENABLED_GATEWAYS: 'khalti,stripe', STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_paysaga_sandbox' },
      /STRIPE_WEBHOOK_SECRET: this is the published demo value/,
    ],
  ];
  it('no payload key outside demo mode', async () => {
    const exit = await startApi({ ...SAFE, TEMPORAL_PAYLOAD_KEYS: undefined });
    expect(exit.stderr).toMatch(/missing environment outside demo mode.*TEMPORAL_PAYLOAD_KEYS/);
    expect(exit.code).toBe(EX_CONFIG);
  });

  for (const [name, change, message] of cases) {
    it(name, async () => {
      const exit = await startApi({ ...SAFE, ...change });
      expect(exit.stderr).toMatch(/refusing to start with unsafe settings/);
      expect(exit.stderr).toMatch(message);
      expect(exit.code).toBe(EX_CONFIG);
    });
  }
});
