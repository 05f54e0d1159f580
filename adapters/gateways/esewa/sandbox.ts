import { type RunningSandbox, type SandboxRoute, mountSandbox, sandboxRouter, sendJson, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
import { esewaApi } from './sandbox/api.js';
import { esewaControl, esewaControls } from './sandbox/controls.js';
import { esewaHostedPage, PAGES } from './sandbox/hosted-page.js';
import { createEsewaState } from './sandbox/state.js';
import { ESEWA_FORM_PATH, ESEWA_STATUS_PATH, type EsewaSandbox, type EsewaSandboxControl, type EsewaSandboxOptions } from './sandbox/types.js';

/**
 * A local imitation of eSewa ePay v2 for demos and tests: the browser form endpoint (which
 * checks the request signature like eSewa), a hosted page with Pay and Cancel, the signed
 * success redirect (`?data=<base64 JSON>`), the failure redirect, and the status check API
 * with its documented statuses and outage answer.
 *
 * Where eSewa's behaviour is not documented the sandbox makes a choice and says so: the shape
 * of errors for a bad form or bad status query, the status after the shopper cancels
 * (`CANCELED`), what the failure URL receives (nothing appended), the session length.
 *
 * It is unauthenticated test tooling (`/__sandbox/…` can complete any payment): never expose
 * it beyond a developer machine or CI.
 */

export { javaDouble } from './sandbox/state.js';
export * from './sandbox/types.js';

export function createEsewaSandbox(options: EsewaSandboxOptions): EsewaSandbox {
  const state = createEsewaState(options);
  const control = esewaControl(state);
  const { form, status } = esewaApi(state);
  const api: SandboxRoute[] = [
    { path: ESEWA_FORM_PATH, handle: form },
    // The status API answers with and without its trailing slash.
    { path: ESEWA_STATUS_PATH, handle: status },
    { path: ESEWA_STATUS_PATH.slice(0, -1), handle: status },
  ];
  const router = sandboxRouter(esewaControls(control), [...api, ...esewaHostedPage(state)], PAGES);
  return mountSandbox(state.mountPath, control, router, (ctx) => sendJson(ctx, 413, { error: 'Request body too large.' }));
}

export type StartEsewaSandboxOptions = StartSandboxOptions<EsewaSandboxOptions>;

export interface RunningEsewaSandbox extends RunningSandbox<EsewaSandboxControl> {
  /** `${url}/api/epay/`: both eSewa endpoints live under it. */
  readonly apiBaseUrl: string;
  /** The browser form target, for `EsewaClient`'s `formUrl`. */
  readonly formUrl: string;
  /** The status check API, for `EsewaClient`'s `statusUrl`. */
  readonly statusUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export function startEsewaSandbox(options: StartEsewaSandboxOptions): Promise<RunningEsewaSandbox> {
  return startSandbox(options, createEsewaSandbox, (url) => ({ apiBaseUrl: `${url}/api/epay/`, formUrl: `${url}${ESEWA_FORM_PATH}`, statusUrl: `${url}${ESEWA_STATUS_PATH}` }));
}
