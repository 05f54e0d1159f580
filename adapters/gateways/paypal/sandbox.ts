import type Koa from 'koa';
import { type RunningSandbox, mountSandbox, sandboxRouter, sendJson, type StartSandboxOptions, startSandbox } from '../sandbox-kit/index.js';
import { paypalApi } from './sandbox/api.js';
import { paypalControl, paypalControls } from './sandbox/controls.js';
import { PAGES, paypalHostedPage } from './sandbox/hosted-page.js';
import { paypalRepresentations } from './sandbox/representations.js';
import { createPayPalState } from './sandbox/state.js';
import type { PayPalSandbox, PayPalSandboxControl, PayPalSandboxOptions } from './sandbox/types.js';
import { paypalWebhooks } from './sandbox/webhooks.js';

/**
 * A local imitation of PayPal's REST API (OAuth2 token, Orders v2 create/get/capture, capture
 * refunds), its approval page, and its signed webhooks, in PayPal's wire format, for demos and
 * tests. Webhooks are signed like PayPal's (RSA-SHA256 over
 * `transmissionId|transmissionTime|webhookId|crc32(body)`) with a key pair and self-signed
 * certificate made at start-up and served under `/v1/notifications/certs/`.
 *
 * Approximations, where PayPal documents nothing: an order the payer leaves unapproved (or
 * approved and uncaptured) becomes VOIDED after `approvalWindowSeconds`; a payer who cancels
 * leaves the order as it was (as PayPal does). Unauthenticated test tooling (`/__sandbox/…`
 * can approve any order): never expose it beyond a developer machine or CI.
 */

export * from './sandbox/types.js';

export function createPayPalSandbox(options: PayPalSandboxOptions): PayPalSandbox {
  const state = createPayPalState(options);
  const json = paypalRepresentations(state.publicBaseUrl);
  const webhooks = paypalWebhooks(state, json);
  const control = paypalControl(state, webhooks);
  const api = paypalApi(state, json, webhooks);
  /** The sandbox's signing certificate, where webhook signatures say it is. */
  const certificate = (ctx: Koa.Context, route: string): void => {
    if (route !== `/v1/notifications/certs/${state.certId}`) return sendJson(ctx, 404, { name: 'RESOURCE_NOT_FOUND', message: 'The specified resource does not exist.' });
    ctx.status = 200;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = state.identity.certificatePem;
  };
  const router = sandboxRouter(
    paypalControls(control),
    [
      { under: '/v1/notifications/certs/', method: 'GET', handle: certificate },
      { under: '/v1/', handle: api },
      { under: '/v2/', handle: api },
      ...paypalHostedPage(state, webhooks),
    ],
    PAGES,
  );
  return mountSandbox(state.mountPath, control, router, (ctx) => sendJson(ctx, 413, { name: 'INVALID_REQUEST', message: 'Request body too large.' }));
}

export type StartPayPalSandboxOptions = StartSandboxOptions<PayPalSandboxOptions>;

export interface RunningPayPalSandbox extends RunningSandbox<PayPalSandboxControl> {
  /** The `baseUrl` for `PayPalClient` (same as `url`: the API paths start with /v1 and /v2). */
  readonly apiBaseUrl: string;
  /** URL prefix of the sandbox's signing certificates, for `PayPalWebhookVerifier`'s allow-list. */
  readonly certUrlPrefix: string;
}

/** Starts the sandbox on its own HTTP server. */
export function startPayPalSandbox(options: StartPayPalSandboxOptions): Promise<RunningPayPalSandbox> {
  const urls = (url: string, publicBaseUrl: string) => ({ apiBaseUrl: url, certUrlPrefix: `${publicBaseUrl}/v1/notifications/certs/` });
  return startSandbox(options, createPayPalSandbox, urls, (control) => control.settled());
}
