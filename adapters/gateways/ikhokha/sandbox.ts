import { type RunningSandbox, mountSandbox, sandboxRouter, sendJson, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
import { ikhokhaApi } from './sandbox/api.js';
import { IkhokhaCallbacks } from './sandbox/callbacks.js';
import { ikhokhaControl, ikhokhaControls } from './sandbox/controls.js';
import { ikhokhaHostedPage, PAGES } from './sandbox/hosted-page.js';
import { createIkhokhaState } from './sandbox/state.js';
import { IKHOKHA_SANDBOX_API_PATH, type IkhokhaSandbox, type IkhokhaSandboxControl, type IkhokhaSandboxOptions } from './sandbox/types.js';

/**
 * A local imitation of iKhokha's iK Pay API: paylink creation and `getStatus`, both checking
 * `IK-APPID` and `IK-SIGN` exactly as the official examples compute them; a hosted paylink page
 * (Pay / Decline / Cancel) that sends the browser to the success, failure or cancel URL as given;
 * and callbacks POSTed with `ik-appid` / `ik-sign` to the paylink's `callbackUrl` (or a configured
 * `webhookUrl`). For demos and tests.
 *
 * Where iKhokha's behaviour is unconfirmed the sandbox picks one answer and says so: statuses other
 * than `PAID` (`PENDING`, `FAILURE`, `CANCELLED`, `EXPIRED`), error bodies (`responseCode` + `message`),
 * the callback body and its signature (configurable: `raw` or `text_stripped`), and no callback on
 * cancel. The signing code here is written apart from the adapter's, so a test that passes checks
 * the adapter against an independent implementation.
 *
 * Unauthenticated test tooling (`/__sandbox/…` can pay any paylink): never expose it beyond a
 * developer machine or CI.
 */

export * from './sandbox/types.js';

export function createIkhokhaSandbox(options: IkhokhaSandboxOptions): IkhokhaSandbox {
  const state = createIkhokhaState(options);
  const control = ikhokhaControl(state, new IkhokhaCallbacks(state));
  const api = ikhokhaApi(state);
  const router = sandboxRouter(
    ikhokhaControls(control),
    [{ under: `${IKHOKHA_SANDBOX_API_PATH}/`, handle: (ctx, route) => api(ctx, route.slice(IKHOKHA_SANDBOX_API_PATH.length)) }, ...ikhokhaHostedPage(state, control)],
    PAGES,
  );
  return mountSandbox(state.mountPath, control, router, (ctx) => sendJson(ctx, 413, { responseCode: '413', message: 'Request body too large' }));
}

export type StartIkhokhaSandboxOptions = StartSandboxOptions<IkhokhaSandboxOptions>;

export interface RunningIkhokhaSandbox extends RunningSandbox<IkhokhaSandboxControl> {
  /** `${url}/public-api/v1/api`: the `baseUrl` for `IkhokhaClient`. */
  readonly apiBaseUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export function startIkhokhaSandbox(options: StartIkhokhaSandboxOptions): Promise<RunningIkhokhaSandbox> {
  const urls = (url: string) => ({ apiBaseUrl: `${url}${IKHOKHA_SANDBOX_API_PATH}` });
  return startSandbox(options, createIkhokhaSandbox, urls, (control) => control.webhooksSettled());
}
