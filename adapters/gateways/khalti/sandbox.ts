import { type RunningSandbox, mountSandbox, isPageRead, sendJson, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
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
  const api = khaltiApi(state);
  const controls = khaltiControls(control);
  const { page, pay, cancel } = khaltiHostedPage(state);
  return mountSandbox(
    state.mountPath,
    control,
    (ctx, route) => {
      if (route.startsWith('/api/')) return api(ctx, route);
      if (route.startsWith('/__sandbox/')) return controls(ctx, route);
      if (route === '/' && isPageRead(ctx)) return page(ctx);
      if (route === '/pay' && ctx.method === 'POST') return pay(ctx);
      if (route === '/cancel' && ctx.method === 'POST') return cancel(ctx);
      return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
    },
    (ctx) => sendJson(ctx, 413, { detail: 'Request body too large.' }),
  );
}

export type StartKhaltiSandboxOptions = StartSandboxOptions<KhaltiSandboxOptions>;

export interface RunningKhaltiSandbox extends RunningSandbox<KhaltiSandboxControl> {
  /** `${url}/api/v2/`, trailing slash included: the `baseUrl` for `KhaltiClient`. */
  readonly apiBaseUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startKhaltiSandbox(options: StartKhaltiSandboxOptions): Promise<RunningKhaltiSandbox> {
  const { sandbox, url, close } = await startSandbox(options, createKhaltiSandbox);
  return { url, apiBaseUrl: `${url}/api/v2/`, control: sandbox.control, close };
}
