import { z } from 'zod';
import { ChannelError, type NotificationChannel, type RenderedNotification } from '../../src/notifications/api.js';
import { describeIssues, HttpTransport } from '../gateways/http-transport.js';

export interface WhatsAppChannelOptions {
  /** `https://graph.facebook.com`, or the sandbox's `http://localhost:3100/whatsapp`. */
  readonly baseUrl: string;
  /** The Graph API version in the path: `v23.0`. */
  readonly apiVersion: string;
  /** The business phone number's id (not the number itself). */
  readonly phoneNumberId: string;
  /** A system user's access token. */
  readonly accessToken: string;
  readonly fetch?: typeof fetch | undefined;
  readonly timeoutMs?: number | undefined;
}

/** The body of `POST /<version>/<phone-number-id>/messages` for a template message with body parameters. */
export interface WhatsAppTemplateSend {
  readonly messaging_product: 'whatsapp';
  readonly recipient_type: 'individual';
  readonly to: string;
  readonly type: 'template';
  readonly template: {
    readonly name: string;
    readonly language: { readonly code: string };
    readonly components: readonly { readonly type: 'body'; readonly parameters: readonly { readonly type: 'text'; readonly text: string }[] }[];
  };
}

export const whatsAppSendAnswer = z.object({
  messaging_product: z.literal('whatsapp'),
  contacts: z.array(z.object({ input: z.string(), wa_id: z.string() })).optional(),
  messages: z.array(z.object({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

/** Graph API's error body. */
export const graphErrorBody = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ messaging_product: z.string().optional(), details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphError = z.infer<typeof graphErrorBody>['error'];

/**
 * Codes that mean "not now": throttling (4 app, 80007 account, 130429 throughput, 131048 spam
 * limit, 131056 pair rate), and Meta's own trouble (1 unknown, 2 service, 131000 something went
 * wrong, 131016 service unavailable). Every other refusal (100 invalid parameter, 190 bad token,
 * 131026 undeliverable, 132000 parameter count, 132001 no such template…) will not pass on a retry.
 */
export const TRANSIENT_GRAPH_CODES: ReadonlySet<number> = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056]);

/** `+9779812345678` → `9779812345678`; undefined for anything that is not E.164. */
export function whatsAppRecipient(phone: string): string | undefined {
  const m = /^\+?([1-9]\d{6,14})$/.exec(phone.replace(/[\s-]/g, ''));
  return m?.[1];
}

/** The template send for a rendered message, to `to` (E.164 digits). */
export function templateSend(message: RenderedNotification, to: string): WhatsAppTemplateSend {
  const { template, language, parameters } = message.whatsapp;
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: { name: template, language: { code: language }, components: [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }] },
  };
}

/** A Graph refusal as a channel failure: transient for throttling and Meta's own trouble, permanent otherwise. */
export function graphFailure(status: number, error: GraphError): ChannelError {
  const subcode = error.error_subcode === undefined ? '' : `/${error.error_subcode}`;
  const details = error.error_data?.details === undefined ? '' : ` (${error.error_data.details})`;
  const trace = error.fbtrace_id === undefined ? '' : ` [fbtrace_id ${error.fbtrace_id}]`;
  return new ChannelError(`WhatsApp send: HTTP ${status}, code ${error.code}${subcode}: ${error.message}${details}${trace}`, !TRANSIENT_GRAPH_CODES.has(error.code));
}

/**
 * WhatsApp over Meta's Cloud API: each message is an approved template named after its event,
 * filled with its body parameters. The `wamid.…` Meta answers is the provider id.
 */
export class WhatsAppNotificationChannel implements NotificationChannel {
  readonly id = 'whatsapp' as const;
  readonly #http: HttpTransport;
  readonly #url: string;
  readonly #token: string;

  constructor(options: WhatsAppChannelOptions) {
    this.#http = new HttpTransport({ gateway: 'WhatsApp', fetch: options.fetch, timeoutMs: options.timeoutMs });
    const base = options.baseUrl.replace(/\/+$/, '');
    this.#url = `${base}/${encodeURIComponent(options.apiVersion)}/${encodeURIComponent(options.phoneNumberId)}/messages`;
    this.#token = options.accessToken;
  }

  async send(message: RenderedNotification): Promise<{ readonly providerMessageId: string }> {
    if (message.channel !== 'whatsapp') throw new ChannelError(`the WhatsApp channel cannot send a ${message.channel} message`, true);
    const to = whatsAppRecipient(message.recipient);
    if (to === undefined) throw new ChannelError(`WhatsApp send: ${JSON.stringify(message.recipient)} is not an E.164 phone number`, true);
    let answer: { status: number; json: unknown };
    try {
      answer = await this.#http.exchange(
        'send',
        this.#url,
        { method: 'POST', headers: { authorization: `Bearer ${this.#token}`, 'content-type': 'application/json' }, body: JSON.stringify(templateSend(message, to)) },
        { rejection: (status) => new ChannelError(`WhatsApp send: HTTP ${status} with a body that is not JSON; check the base URL`, true) },
      );
    } catch (error) {
      if (error instanceof ChannelError) throw error;
      // Network failures, timeouts, 5xx and 429: worth another try.
      throw new ChannelError(error instanceof Error ? error.message : String(error), false);
    }
    const { status, json } = answer;
    if (status >= 300 && status < 400) throw new ChannelError(`WhatsApp send: unexpected redirect (HTTP ${status}); check the base URL`, true);
    if (status >= 400) {
      const refusal = graphErrorBody.safeParse(json);
      if (refusal.success) throw graphFailure(status, refusal.data.error);
      throw new ChannelError(`WhatsApp send: HTTP ${status} without a Graph error body`, true);
    }
    const sent = whatsAppSendAnswer.safeParse(json);
    if (!sent.success) throw new ChannelError(`WhatsApp send: unexpected response shape (${describeIssues(sent.error)})`, false);
    return { providerMessageId: sent.data.messages[0]!.id };
  }
}
