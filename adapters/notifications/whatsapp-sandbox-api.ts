import type Koa from 'koa';
import { WHATSAPP_TEMPLATES } from '../../src/notifications/api.js';
import { BASE62, type Countdown, type FailNext, isRecord, type LoggedCall, randomString, sameSecret, sendJson, serveJsonApi } from '../gateways/sandbox-kit/index.js';

/** The Cloud API's `POST /<version>/<phone-number-id>/messages`, with Graph's error bodies and codes, for template messages. */

/** A template message the sandbox accepted. */
export interface SentWhatsAppMessage {
  /** `wamid.…`, as answered. */
  readonly id: string;
  /** The recipient's digits, as sent. */
  readonly to: string;
  readonly template: string;
  readonly language: string;
  readonly parameters: readonly string[];
  readonly sentAt: string;
}

/** What the next failed sends answer: Graph's error with this code and HTTP status. */
export interface SendFailure {
  readonly httpStatus: number;
  readonly code: number;
}

export interface WhatsAppApiState {
  readonly now: () => Date;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** Template name → its language and body parameter count. */
  readonly templates: Readonly<Record<string, { readonly language: string; readonly parameters: number }>>;
  readonly messages: SentWhatsAppMessage[];
  readonly requestLog: LoggedCall[];
  readonly failures: FailNext;
  readonly failingSends: Countdown;
  failure: SendFailure;
}

/** The templates the shop registers, as the sandbox's default catalogue. */
export const DEFAULT_TEMPLATES = WHATSAPP_TEMPLATES;

/** The messages Graph answers each code with (Meta prefixes `(#code)`). */
const MESSAGES: Readonly<Record<number, string>> = {
  1: 'An unknown error occurred',
  2: 'Service temporarily unavailable',
  4: 'Application request limit reached',
  100: 'Invalid parameter',
  190: 'Invalid OAuth access token - Cannot parse access token',
  130429: 'Rate limit hit',
  131000: 'Something went wrong',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131026: 'Message undeliverable',
  131048: 'Spam rate limit hit',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  132018: 'There was an issue with the parameters in your template.',
};

/** Graph's error body for `code`: `{ error: { message, type, code, error_data?, error_subcode?, fbtrace_id } }`. */
export function graphError(code: number, options: { details?: string; subcode?: number; message?: string } = {}): { error: Record<string, unknown> } {
  const text = options.message ?? (code === 190 ? MESSAGES[190]! : `(#${code}) ${MESSAGES[code] ?? 'Error'}`);
  return {
    error: {
      message: text,
      type: code === 100 && options.subcode !== undefined ? 'GraphMethodException' : 'OAuthException',
      code,
      ...(options.details === undefined ? {} : { error_data: { messaging_product: 'whatsapp', details: options.details } }),
      ...(options.subcode === undefined ? {} : { error_subcode: options.subcode }),
      fbtrace_id: randomString(23, BASE62),
    },
  };
}

/** Thrown while checking a send: answered as Graph's error. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: Record<string, unknown> },
  ) {
    super(String(body.error['message']));
  }
}

const refuse = (code: number, details?: string, status = 400): never => {
  throw new Refusal(status, graphError(code, details === undefined ? {} : { details }));
};

const PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages\/?$/;
/** Meta refuses parameters with new lines, tabs or more than four spaces in a row. */
const BAD_PARAMETER_TEXT = /[\n\t]| {5,}/;

/** Checks a template send's body as the Cloud API does; the message it makes. */
function checkSend(body: unknown, templates: WhatsAppApiState['templates']): Omit<SentWhatsAppMessage, 'id' | 'sentAt'> {
  if (!isRecord(body)) return refuse(100, 'the request body must be a JSON object');
  const product = body['messaging_product'];
  if (product === undefined) return refuse(100, 'The parameter messaging_product is required.');
  if (product !== 'whatsapp') return refuse(100, `Param messaging_product must be one of {WHATSAPP} - got "${String(product)}".`);
  if (body['recipient_type'] !== undefined && body['recipient_type'] !== 'individual') return refuse(100, 'Param recipient_type must be one of {INDIVIDUAL, GROUP}.');
  const to = body['to'];
  if (typeof to !== 'string' || to === '') return refuse(100, 'The parameter to is required.');
  if (!/^\+?[1-9]\d{6,14}$/.test(to)) return refuse(100, `Param to must be a phone number in international format, got "${to}".`);
  if (body['type'] !== 'template') return refuse(100, 'this sandbox sends only messages of type template');
  const template = body['template'];
  if (!isRecord(template)) return refuse(131008, 'The parameter template is required.');
  const name = template['name'];
  const language = isRecord(template['language']) ? template['language']['code'] : undefined;
  if (typeof name !== 'string' || name === '') return refuse(131008, "The parameter template['name'] is required.");
  if (typeof language !== 'string' || language === '') return refuse(131008, "The parameter template['language']['code'] is required.");
  const spec = Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (spec === undefined || spec.language !== language) return refuse(132001, `template name (${name}) does not exist in ${language}`);
  const components = template['components'] ?? [];
  if (!Array.isArray(components)) return refuse(100, "Param template['components'] must be an array.");
  const bodies = components.filter((c) => isRecord(c) && c['type'] === 'body');
  const raw = bodies.length === 0 ? [] : (bodies[0] as Record<string, unknown>)['parameters'];
  if (!Array.isArray(raw)) return refuse(100, "Param template['components'][0]['parameters'] must be an array.");
  if (raw.length !== spec.parameters) return refuse(132000, `body: number of localizable_params (${raw.length}) does not match the expected number of params (${spec.parameters})`);
  const parameters = raw.map((p: unknown, i) => {
    if (!isRecord(p) || p['type'] !== 'text' || typeof p['text'] !== 'string') return refuse(131009, `body parameter ${i + 1} must be { type: "text", text }`);
    if (p['text'].trim() === '') return refuse(131009, `body parameter ${i + 1} must not be empty`);
    if (BAD_PARAMETER_TEXT.test(p['text'])) return refuse(132018, 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
    return p['text'];
  });
  return { to: to.replace(/^\+/, ''), template: name, language, parameters };
}

/** The bearer token of the request: Graph reads it from the header, or from `access_token` in the query. */
function tokenOf(ctx: Koa.Context): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization').trim());
  if (m?.[1] !== undefined) return m[1];
  const q = ctx.query['access_token'];
  return typeof q === 'string' ? q : undefined;
}

export function whatsAppApi(state: WhatsAppApiState): (ctx: Koa.Context, route: string) => Promise<void> {
  return (ctx, route) =>
    serveJsonApi(ctx, { now: state.now, failures: state.failures, log: (call) => state.requestLog.push(call) }, ({ body }) => {
      try {
        const path = PATH.exec(route);
        if (path === null) throw new Refusal(400, graphError(2500, { message: `Unknown path components: ${route}` }));
        const token = tokenOf(ctx);
        if (token === undefined) throw new Refusal(400, graphError(2500, { message: 'An active access token must be used to query information about the current user.' }));
        if (!sameSecret(token, state.accessToken)) {
          ctx.set('WWW-Authenticate', 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"');
          throw new Refusal(401, graphError(190));
        }
        if (path[2] !== state.phoneNumberId || ctx.method !== 'POST') {
          const what = `Unsupported ${ctx.method.toLowerCase()} request. Object with ID '${decodeURIComponent(path[2]!)}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`;
          throw new Refusal(400, graphError(100, { subcode: 33, message: what }));
        }
        if (!body.ok) return refuse(100, 'the request body is not JSON');
        const checked = checkSend(body.value, state.templates);
        if (state.failingSends.take()) throw new Refusal(state.failure.httpStatus, graphError(state.failure.code));
        const sent: SentWhatsAppMessage = { ...checked, id: `wamid.HBgM${randomString(44, BASE62)}`, sentAt: state.now().toISOString() };
        state.messages.push(sent);
        sendJson(ctx, 200, { messaging_product: 'whatsapp', contacts: [{ input: checked.to, wa_id: checked.to }], messages: [{ id: sent.id, message_status: 'accepted' }] });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        sendJson(ctx, error.status, error.body);
      }
    });
}
