import { type RunningSandbox, mountSandbox, sandboxRouter, sendJson, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
import { khaltiApi } from './sandbox/api.js';
import { khaltiControl, khaltiControls } from './sandbox/controls.js';
import { khaltiHostedPage, PAGES } from './sandbox/hosted-page.js';
import { createKhaltiState } from './sandbox/state.js';
import type { KhaltiSandbox, KhaltiSandboxControl, KhaltiSandboxOptions } from './sandbox/types.js';

/**
 * A local imitation of Khalti ePayment (KPG-2): the same endpoints, bodies, status codes and
 * hosted-page round trip as `dev.khalti.com` / `test-pay.khalti.com`, for demos and tests.
 *
 * It is unauthenticated test tooling (`/__sandbox/…` can complete any payment): never expose
 * it beyond a developer machine or CI.
 */

export { nepalTime } from './sandbox/state.js';
export * from './sandbox/types.js';

export function createKhaltiSandbox(options: KhaltiSandboxOptions): KhaltiSandbox {
  const state = createKhaltiState(options);
  const control = khaltiControl(state);
  const router = sandboxRouter(khaltiControls(control), [{ under: '/api/', handle: khaltiApi(state) }, ...khaltiHostedPage(state)], PAGES);
  return mountSandbox(state.mountPath, control, router, (ctx) => sendJson(ctx, 413, { detail: 'Request body too large.' }));
}

export type StartKhaltiSandboxOptions = StartSandboxOptions<KhaltiSandboxOptions>;

export interface RunningKhaltiSandbox extends RunningSandbox<KhaltiSandboxControl> {
  /** `${url}/api/v2/`, trailing slash included: the `baseUrl` for `KhaltiClient`. */
  readonly apiBaseUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export function startKhaltiSandbox(options: StartKhaltiSandboxOptions): Promise<RunningKhaltiSandbox> {
  return startSandbox(options, createKhaltiSandbox, (url) => ({ apiBaseUrl: `${url}/api/v2/` }));
}
