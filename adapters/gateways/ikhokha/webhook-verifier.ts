import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { GatewayEvent, WebhookError, WebhookVerifier } from '../../../src/payments/ports/payment-gateway.js';
import { domainError, err, ok, type Result } from '../../../src/shared/result.js';
import { headerValue, malformedBody } from '../webhook-input.js';
import { ikhokhaSignature, type IkhokhaEscaping } from './client.js';
import { orderIdFromExternalTransactionId } from './gateway.js';

/**
 * Which signed text matched:
 * - `raw`: `escape(callbackPath + raw body)`, the IK-SIGN algorithm over the bytes received (the
 *   documented hypothesis);
 * - `text_stripped`: `escape(callbackPath + JSON.stringify(body without "text"))`, as some
 *   third-party integrations verify. That form signs the content, not the bytes, and leaves `text`
 *   unsigned.
 */
export type IkhokhaSignatureScheme = 'raw' | 'text_stripped';

export interface IkhokhaGatewayEvent extends GatewayEvent {
  readonly gateway: 'ikhokha';
  /** `<paylinkID>:<status>`: a redelivery is a duplicate, a later different outcome is not. */
  readonly eventId: string;
  /** `paylink.success`, `paylink.failure`, … */
  readonly type: string;
  readonly gatewayPaymentId: string;
  /** `SUCCESS` / `FAILURE` as sent: a claim, confirmed only by `getStatus`. */
  readonly claimedStatus: string;
  readonly externalTransactionId?: string;
  readonly orderId?: string;
  readonly responseCode?: string;
  readonly signatureScheme: IkhokhaSignatureScheme;
}

const callbackSchema = z
  .object({
    paylinkID: z.string().min(1),
    status: z.string().min(1),
    externalTransactionID: z.string().nullish(),
    responseCode: z.union([z.string(), z.number()]).transform(String).nullish(),
    text: z.unknown().optional(),
  })
  .loose();

export interface IkhokhaWebhookVerifierOptions {
  /** Must equal the callback's `ik-appid`. */
  readonly appId: string;
  /** The application secret that keys IK-SIGN. */
  readonly appSecret: string;
  /** The `urls.callbackUrl` given at paylink creation; its path is part of the signed text. */
  readonly callbackUrl: string;
  /** Default both, `raw` first. */
  readonly schemes?: readonly IkhokhaSignatureScheme[];
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * Verifies iKhokha's callback POST. The scheme is unconfirmed: `ik-appid` must be our application
 * id and `ik-sign` must be the IK-SIGN HMAC over the callback path plus the raw body (or, tolerated,
 * plus the body re-serialised without its `text` field, tried only when the body has one), each
 * under both escapings the official examples use, compared in constant time. A verified callback is
 * still only a claim: the payment is decided by `getStatus`.
 */
export class IkhokhaWebhookVerifier implements WebhookVerifier {
  readonly #appId: string;
  readonly #appSecret: string;
  readonly #path: string;
  readonly #schemes: readonly IkhokhaSignatureScheme[];

  constructor(options: IkhokhaWebhookVerifierOptions) {
    if (options.appId.trim() === '') throw new Error('iKhokha application id is empty');
    if (options.appSecret.trim() === '') throw new Error('iKhokha application secret is empty');
    this.#appId = options.appId.trim();
    this.#appSecret = options.appSecret.trim();
    this.#path = new URL(options.callbackUrl).pathname;
    this.#schemes = options.schemes ?? ['raw', 'text_stripped'];
    if (this.#schemes.length === 0) throw new Error('iKhokha webhook verifier needs at least one scheme');
  }

  async verify(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<Result<IkhokhaGatewayEvent, WebhookError>> {
    const appId = headerValue(headers, 'ik-appid')?.trim();
    if (appId === undefined || appId === '') return invalidSignature('no ik-appid header');
    if (!sameText(appId, this.#appId)) return invalidSignature('ik-appid is not this application');
    const given = headerValue(headers, 'ik-sign')?.trim();
    if (given === undefined || given === '') return invalidSignature('no ik-sign header');
    if (!HEX_SHA256.test(given)) return invalidSignature('ik-sign is not a hex SHA-256 HMAC');
    const givenBytes = Buffer.from(given, 'hex');

    let json: unknown;
    let parsedJson = false;
    try {
      json = JSON.parse(rawBody.toString('utf8')) as unknown;
      parsedJson = true;
    } catch {
      // Checked after the signature: an unsigned body is an invalid signature, a signed non-JSON one is malformed.
    }

    let scheme: IkhokhaSignatureScheme | undefined;
    for (const candidate of this.#schemes) {
      const signed = candidate === 'raw' ? rawBody : parsedJson ? textStripped(json) : undefined;
      if (signed !== undefined && this.#matches(signed, givenBytes)) {
        scheme = candidate;
        break;
      }
    }
    if (scheme === undefined) return invalidSignature('ik-sign does not match');
    if (!parsedJson) return err(domainError('webhooks.malformed', 'iKhokha callback: body is not JSON'));
    const parsed = callbackSchema.safeParse(json);
    if (!parsed.success) {
      return malformedBody('iKhokha callback', parsed.error, 'body');
    }
    const c = parsed.data;
    const reference = c.externalTransactionID ?? undefined;
    return ok({
      gateway: 'ikhokha',
      eventId: `${c.paylinkID}:${c.status}`,
      type: `paylink.${c.status.toLowerCase()}`,
      gatewayPaymentId: c.paylinkID,
      claimedStatus: c.status,
      ...(reference !== undefined && reference !== '' && { externalTransactionId: reference, orderId: orderIdFromExternalTransactionId(reference) }),
      ...(c.responseCode !== undefined && c.responseCode !== null && { responseCode: c.responseCode }),
      signatureScheme: scheme,
    });
  }

  #matches(body: Buffer, given: Buffer): boolean {
    // The escapings differ only for `'`; try the C# one only when it could matter.
    const escapings: IkhokhaEscaping[] = body.includes(0x27) || this.#path.includes("'") ? ['examples', 'no_apostrophe'] : ['examples'];
    let matched = false;
    for (const escaping of escapings) {
      const expected = Buffer.from(ikhokhaSignature(this.#appSecret, this.#path, body, escaping), 'hex');
      // Every candidate is compared, in constant time, so timing does not say which one matched.
      if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
    }
    return matched;
  }
}

/** The body re-serialised without `text`, or undefined when there is no `text` to strip. */
function textStripped(json: unknown): Buffer | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Object.hasOwn(json, 'text')) return undefined;
  const { text: _text, ...rest } = json as Record<string, unknown>;
  return Buffer.from(JSON.stringify(rest), 'utf8');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function invalidSignature(problem: string): Result<never, WebhookError> {
  return err(domainError('webhooks.invalid_signature', `iKhokha callback: ${problem}`));
}
