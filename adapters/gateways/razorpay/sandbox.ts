import { type RunningSandbox, SandboxError, mountSandbox, sandboxRouter, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
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
  const router = sandboxRouter(razorpayControls(control), [...razorpayHostedPage(state), { under: '/v1/', handle: razorpayApi(state) }], PAGES);
  return mountSandbox(
    state.mountPath,
    control,
    async (ctx, route) => {
      try {
        return await router(ctx, route);
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
export function startRazorpaySandbox(options: StartRazorpaySandboxOptions): Promise<RunningRazorpaySandbox> {
  const urls = (url: string, publicBaseUrl: string) => ({ apiBaseUrl: `${url}/v1/`, checkoutUrl: `${publicBaseUrl}/v1/checkout/embedded` });
  return startSandbox(options, createRazorpaySandbox, urls, (control) => control.webhooksSettled());
}
