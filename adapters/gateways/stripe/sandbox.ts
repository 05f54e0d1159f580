import { type RunningSandbox, mountSandbox, sandboxRouter, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
import { stripeApi } from './sandbox/api.js';
import { stripeControl, stripeControls } from './sandbox/controls.js';
import { PAGES, stripeHostedPage } from './sandbox/hosted-page.js';
import { json } from './sandbox/rendering.js';
import { createStripeState } from './sandbox/state.js';
import { stripeThreeDsPage } from './sandbox/three-ds.js';
import type { StripeSandbox, StripeSandboxControl, StripeSandboxOptions } from './sandbox/types.js';

/**
 * A local imitation of the parts of Stripe the adapter uses: `/v1/checkout/sessions` (create,
 * retrieve with `expand`, expire), `/v1/payment_intents/{id}`, `/v1/refunds`, with Stripe's
 * form-urlencoded bodies, `Authorization: Bearer sk_…`, `Idempotency-Key` replay and error JSON;
 * the hosted Checkout page (Pay / Cancel) with the success/cancel redirects; and events POSTed
 * to a `webhookUrl`, signed `Stripe-Signature: t=…,v1=…` like Stripe signs them.
 *
 * It is unauthenticated test tooling (`/__sandbox/…` can pay any session): never expose it
 * beyond a developer machine or CI.
 */

export { signStripePayload } from './sandbox/events.js';
export { formatStripeAmount } from './sandbox/hosted-page.js';
export { decodeForm } from './sandbox/params.js';
export * from './sandbox/types.js';
export { STRIPE_TEST_PAYMENT_METHODS } from './sandbox/saved-api.js';

export function createStripeSandbox(options: StripeSandboxOptions): StripeSandbox {
  const state = createStripeState(options);
  const control = stripeControl(state);
  const router = sandboxRouter(stripeControls(control), [{ under: '/v1/', handle: stripeApi(state) }, ...stripeHostedPage(state), ...stripeThreeDsPage(state)], PAGES);
  return mountSandbox(state.mountPath, control, router, (ctx) => json(ctx, 413, { error: { type: 'invalid_request_error', message: 'Request body too large.' } }));
}

export type StartStripeSandboxOptions = StartSandboxOptions<StripeSandboxOptions>;

export interface RunningStripeSandbox extends RunningSandbox<StripeSandboxControl> {
  /** The `apiBaseUrl` for `StripeClient` (the SDK adds `/v1/…`): the same as `url`. */
  readonly apiBaseUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export function startStripeSandbox(options: StartStripeSandboxOptions): Promise<RunningStripeSandbox> {
  const urls = (url: string) => ({ apiBaseUrl: url });
  return startSandbox(options, createStripeSandbox, urls, (control) => control.flushWebhooks());
}
