import type Koa from 'koa';
import { z } from 'zod';
import type { MountableSandbox } from '../gateways/gateway-adapter.js';
import {
  type CommonControls,
  Countdown,
  commonControls,
  controlCommand,
  FailNext,
  failNextCommand,
  type LoggedCall,
  mountSandbox,
  type RunningSandbox,
  SandboxError,
  type SandboxBaseOptions,
  sandboxRouter,
  sandboxSettings,
  serveControls,
  type StartSandboxOptions,
  startSandbox,
} from '../gateways/sandbox-kit/index.js';
import { DEFAULT_TEMPLATES, graphError, type SendFailure, type SentWhatsAppMessage, whatsAppApi, type WhatsAppApiState } from './whatsapp-sandbox-api.js';

/**
 * A local imitation of the WhatsApp Cloud API's template sends (`graph.facebook.com`): the same
 * path, bearer token, body, success answer and Graph error bodies, checking each send against the
 * shop's template catalogue as Meta checks it against the approved templates. For demos and tests:
 * unauthenticated controls under `/__sandbox/`, never beyond a developer machine or CI.
 */

export type { SendFailure, SentWhatsAppMessage } from './whatsapp-sandbox-api.js';

export interface WhatsAppSandboxOptions extends SandboxBaseOptions {
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** Template name → language and body parameter count; the shop's catalogue by default. */
  readonly templates?: Readonly<Record<string, { readonly language: string; readonly parameters: number }>>;
}

export interface WhatsAppSandboxControl extends CommonControls<LoggedCall> {
  /** Every accepted send, oldest first. */
  messages(): SentWhatsAppMessage[];
  get(id: string): SentWhatsAppMessage | undefined;
  /**
   * The next `count` well-formed sends fail with Graph's error: `131000` with HTTP 500 by default
   * (transient), or the `code` given (HTTP 400 unless `httpStatus` says otherwise; 190 answers 401).
   * `failNext` instead answers a proxy's HTML outage page.
   */
  failNextSends(count: number, failure?: { readonly code?: number; readonly httpStatus?: number }): SendFailure;
}

export type WhatsAppSandbox = MountableSandbox<WhatsAppSandboxControl>;

function failureOf(failure: { readonly code?: number; readonly httpStatus?: number }): SendFailure {
  const code = failure.code ?? 131000;
  const httpStatus = failure.httpStatus ?? (failure.code === undefined ? 500 : code === 190 ? 401 : 400);
  if (!Number.isInteger(httpStatus) || httpStatus < 400 || httpStatus > 599) throw new SandboxError(`httpStatus must be 400–599, got ${httpStatus}`, 400);
  if (!Number.isSafeInteger(code) || code <= 0) throw new SandboxError(`code must be a positive integer, got ${code}`, 400);
  return { code, httpStatus };
}

export function createWhatsAppSandbox(options: WhatsAppSandboxOptions): WhatsAppSandbox {
  const settings = sandboxSettings(options);
  const failingSends = new Countdown(400);
  const state: WhatsAppApiState = {
    now: settings.now,
    accessToken: options.accessToken,
    phoneNumberId: options.phoneNumberId,
    templates: options.templates ?? DEFAULT_TEMPLATES,
    messages: [],
    requestLog: [],
    failures: new FailNext(503),
    failingSends,
    failure: failureOf({}),
  };
  const control: WhatsAppSandboxControl = {
    messages: () => [...state.messages],
    get: (id) => state.messages.find((m) => m.id === id),
    failNextSends: (count, failure = {}) => {
      const next = failureOf(failure);
      failingSends.set(count);
      state.failure = next;
      return next;
    },
    ...commonControls(state, state.messages, failingSends, () => {
      state.failure = failureOf({});
    }),
  };
  const controls = serveControls(control, {
    records: { path: '/__sandbox/messages', all: control.messages, get: control.get, unknown: 'unknown message id' },
    commands: {
      '/__sandbox/fail-next': failNextCommand(control.failNext, 503),
      '/__sandbox/fail-next-sends': controlCommand(
        z.strictObject({ count: z.number().int().nonnegative(), code: z.number().int().positive().optional(), httpStatus: z.number().int().min(400).max(599).optional() }),
        (c) => ({
          count: c.count,
          ...control.failNextSends(c.count, { ...(c.code === undefined ? {} : { code: c.code }), ...(c.httpStatus === undefined ? {} : { httpStatus: c.httpStatus }) }),
        }),
      ),
    },
  });
  // Every path outside `/__sandbox/` is the API's: it answers Graph's own "unknown path" error.
  const router = sandboxRouter(controls, [{ under: '/', handle: whatsAppApi(state) }], { errorPage: sendGraphNotFound });
  return mountSandbox(settings.mountPath, control, router, (ctx) => {
    ctx.status = 413;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(graphError(100, { details: 'the request body is too large' }));
  });
}

function sendGraphNotFound(ctx: Koa.Context): void {
  ctx.status = 400;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(graphError(2500, { message: `Unknown path components: ${ctx.path}` }));
}

export type StartWhatsAppSandboxOptions = StartSandboxOptions<WhatsAppSandboxOptions>;

/** Starts the sandbox on its own HTTP server; its `url` is the channel's `baseUrl`. */
export function startWhatsAppSandbox(options: StartWhatsAppSandboxOptions): Promise<RunningSandbox<WhatsAppSandboxControl>> {
  return startSandbox(options, createWhatsAppSandbox, () => ({}));
}
