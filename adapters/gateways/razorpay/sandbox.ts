import { type RunningSandbox, SandboxError, mountSandbox, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
import { razorpayApi, rzpError } from './sandbox/api.js';
import { razorpayControl, razorpayControls } from './sandbox/controls.js';
import { PAGES, razorpayHostedPage } from './sandbox/hosted-page.js';
import { createRazorpayState } from './sandbox/state.js';
import type { RazorpaySandbox, RazorpaySandboxControl, RazorpaySandboxOptions } from './sandbox/types.js';

/**
 * A local imitation of Razorpay's Orders, Payments and Refunds API (`/v1/…`, HTTP Basic,
 * Razorpay's error JSON), a hosted page standing in for the Checkout widget (Pay / Fail /
 * Cancel, returning to `callback_url` like Checkout's redirect flow, with the same signed
 * fields), and webhooks signed like Razorpay's (`X-Razorpay-Signature`, `X-Razorpay-Event-Id`)
 * POSTed to a configurable `webhookUrl`. For demos and tests.
 *
 * It is unauthenticated test tooling (`/__sandbox/…` can pay any order): never expose it beyond
 * a developer machine or CI.
 */

export { displayAmount } from './sandbox/hosted-page.js';
export * from './sandbox/types.js';

export function createRazorpaySandbox(options: RazorpaySandboxOptions): RazorpaySandbox {
  const state = createRazorpayState(options);
  const control = razorpayControl(state);
  const api = razorpayApi(state);
  const controls = razorpayControls(control);
  const { page, button } = razorpayHostedPage(state);
  return mountSandbox(
    state.mountPath,
    control,
    async (ctx, route) => {
      try {
        if (route === '/v1/checkout/embedded' && (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.method === 'POST')) return await page(ctx);
        if (route === '/v1/checkout/pay' && ctx.method === 'POST') return await button(ctx, 'pay');
        if (route === '/v1/checkout/fail' && ctx.method === 'POST') return await button(ctx, 'fail');
        if (route === '/v1/checkout/cancel' && ctx.method === 'POST') return await button(ctx, 'cancel');
        if (route.startsWith('/v1/')) return await api(ctx, route);
        if (route.startsWith('/__sandbox/')) return await controls(ctx, route);
        return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
      } catch (e) {
        if (e instanceof SandboxError) return PAGES.errorPage(ctx, e.httpStatus, 'Payment not available', e.message);
        throw e;
      }
    },
    (ctx) => rzpError(ctx, 413, { description: 'Request body too large' }),
  );
}

export type StartRazorpaySandboxOptions = StartSandboxOptions<RazorpaySandboxOptions>;

export interface RunningRazorpaySandbox extends RunningSandbox<RazorpaySandboxControl> {
  /** `${url}/v1/`: the `baseUrl` for `RazorpayClient`. */
  readonly apiBaseUrl: string;
  /** The hosted page standing in for Checkout: the gateway's `checkoutUrl`. */
  readonly checkoutUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startRazorpaySandbox(options: StartRazorpaySandboxOptions): Promise<RunningRazorpaySandbox> {
  const { sandbox, url, publicBaseUrl, close } = await startSandbox(options, createRazorpaySandbox, (s) => s.control.webhooksSettled());
  return { url, apiBaseUrl: `${url}/v1/`, checkoutUrl: `${publicBaseUrl}/v1/checkout/embedded`, control: sandbox.control, close };
}
