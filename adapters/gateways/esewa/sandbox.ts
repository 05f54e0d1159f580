import { isPageRead, type RunningSandbox, mountSandbox, sendJson, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
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
  const { page, pay, cancel } = esewaHostedPage(state);
  const controls = esewaControls(control);
  return mountSandbox(
    state.mountPath,
    control,
    (ctx, route) => {
      if (route === ESEWA_FORM_PATH) return form(ctx);
      if (route === ESEWA_STATUS_PATH || `${route}/` === ESEWA_STATUS_PATH) return status(ctx);
      if (route.startsWith('/__sandbox/')) return controls(ctx, route);
      if (route === '/checkout' && isPageRead(ctx)) return page(ctx);
      if (route === '/checkout/pay' && ctx.method === 'POST') return pay(ctx);
      if (route === '/checkout/cancel' && ctx.method === 'POST') return cancel(ctx);
      return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
    },
    (ctx) => sendJson(ctx, 413, { error: 'Request body too large.' }),
  );
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
export async function startEsewaSandbox(options: StartEsewaSandboxOptions): Promise<RunningEsewaSandbox> {
  const { sandbox, url, close } = await startSandbox(options, createEsewaSandbox);
  return {
    url,
    apiBaseUrl: `${url}/api/epay/`,
    formUrl: `${url}${ESEWA_FORM_PATH}`,
    statusUrl: `${url}${ESEWA_STATUS_PATH}`,
    control: sandbox.control,
    close,
  };
}
