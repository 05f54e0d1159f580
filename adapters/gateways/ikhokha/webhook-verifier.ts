import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { GatewayEvent, OrderReturnHint, PaymentCallback, WebhookError, WebhookVerifier } from '../../../src/payments/ports/payment-gateway.js';
import { domainError, err, ok, type DomainError, type Result } from '../../../src/shared/result.js';
import { ikhokhaSignature, type IkhokhaEscaping } from './client.js';
import { IKHOKHA_RETURN_OUTCOMES, orderIdFromExternalTransactionId, RETURN_OUTCOME_PARAM, RETURN_REFERENCE_PARAM, type IkhokhaReturnOutcome } from './gateway.js';

// --- Browser return ---------------------------------------------------------------------------------

/** What one of our three return URLs says. Unsigned: anyone can type it. */
export interface IkhokhaReturnClaims {
  /** Which URL the browser came back to: `successPageUrl`, `failurePageUrl` or `cancelUrl`. */
  readonly outcome: IkhokhaReturnOutcome;
  /** Our `externalTransactionID`, put on the URL by `IkhokhaPaymentGateway.initiate`. */
  readonly externalTransactionId: string;
  readonly orderId: string;
  /** Only if iKhokha appended it to the URL, which no source documents. */
  readonly paylinkId?: string;
}

export interface IkhokhaReturnCallback extends PaymentCallback {
  readonly gateway: 'ikhokha';
  readonly claimedStatus: IkhokhaReturnOutcome;
  readonly claimedOrderId: string;
}

export type IkhokhaCallbackError = DomainError<'payments.invalid_callback'>;

/** Query as Koa (`ctx.query`), `URLSearchParams`, or a raw query string with or without `?`. */
export type IkhokhaReturnQuery = URLSearchParams | string | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Names a paylink id could arrive under if iKhokha ever appends one (undocumented). */
const PAYLINK_PARAMS = ['paylinkID', 'paylinkId', 'paylink_id'] as const;
const PAYLINK_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Reads what our return URLs carry: `?ikhokha_result=success|failure|cancel&ikhokha_ref=<externalTransactionID>`.
 * iKhokha redirects to the URLs exactly as given (the official example's result pages read no
 * parameters), so the order is known and the paylink usually is not.
 */
export function parseIkhokhaReturnClaims(query: IkhokhaReturnQuery): Result<IkhokhaReturnClaims, IkhokhaCallbackError> {
  const single = (field: string): Result<string | undefined, IkhokhaCallbackError> => {
    const values = valuesOf(query, field);
    if (values.length > 1) return invalid(field, 'is given more than once');
    const value = values[0];
    return ok(value === undefined || value === '' ? undefined : value);
  };
  const outcome = single(RETURN_OUTCOME_PARAM);
  if (!outcome.ok) return outcome;
  if (outcome.value === undefined) return invalid(RETURN_OUTCOME_PARAM, 'is required');
  if (!(IKHOKHA_RETURN_OUTCOMES as readonly string[]).includes(outcome.value)) {
    return invalid(RETURN_OUTCOME_PARAM, `must be one of ${IKHOKHA_RETURN_OUTCOMES.join(', ')}`);
  }
  const reference = single(RETURN_REFERENCE_PARAM);
  if (!reference.ok) return reference;
  if (reference.value === undefined) return invalid(RETURN_REFERENCE_PARAM, 'is required');
  let paylinkId: string | undefined;
  for (const name of PAYLINK_PARAMS) {
    const given = single(name);
    if (!given.ok) return given;
    if (given.value === undefined) continue;
    if (!PAYLINK_ID.test(given.value)) return invalid(name, 'is not a paylink id');
    if (paylinkId !== undefined && paylinkId !== given.value) return invalid(name, 'contradicts another paylink id');
    paylinkId = given.value;
  }
  return ok({
    outcome: outcome.value as IkhokhaReturnOutcome,
    externalTransactionId: reference.value,
    orderId: orderIdFromExternalTransactionId(reference.value),
    ...(paylinkId !== undefined && { paylinkId }),
  });
}

/**
 * The `ReturnParser` for iKhokha. The port's callback needs the paylink id, which iKhokha does not
 * put on its redirects as far as any source shows: then the return is refused with
 * `payments.invalid_callback`, `details.field = 'paylinkID'` and the order it names in
 * `details.claimedOrderId` (the callback webhook and the saga's payment sync still settle the
 * payment). If iKhokha does append a paylink id, the return is accepted as a hint.
 */
export function parseIkhokhaReturn(query: IkhokhaReturnQuery): Result<IkhokhaReturnCallback | OrderReturnHint, IkhokhaCallbackError> {
  const claims = parseIkhokhaReturnClaims(query);
  if (!claims.ok) return claims;
  const { outcome, orderId, paylinkId } = claims.value;
  // Without a paylink id the return names only our order: still a hint to ask iKhokha about it.
  if (paylinkId === undefined) return ok({ gateway: 'ikhokha', claimedOrderId: orderId, claimedStatus: outcome });
  return ok({ gateway: 'ikhokha', gatewayPaymentId: paylinkId, claimedOrderId: orderId, claimedStatus: outcome });
}

function valuesOf(query: IkhokhaReturnQuery, field: string): readonly string[] {
  if (typeof query === 'string') return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).getAll(field);
  if (query instanceof URLSearchParams) return query.getAll(field);
  const value = query[field];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function invalid(field: string, problem: string): Result<never, IkhokhaCallbackError> {
  return err(domainError('payments.invalid_callback', `iKhokha return: ${field} ${problem}`, { field }));
}

// --- Callback (webhook) -------------------------------------------------------------------------------

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
    const appId = header(headers, 'ik-appid')?.trim();
    if (appId === undefined || appId === '') return invalidSignature('no ik-appid header');
    if (!sameText(appId, this.#appId)) return invalidSignature('ik-appid is not this application');
    const given = header(headers, 'ik-sign')?.trim();
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
      const issue = parsed.error.issues[0];
      return err(domainError('webhooks.malformed', `iKhokha callback: ${issue?.path.map(String).join('.') || 'body'} ${issue?.message ?? 'is invalid'}`));
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

function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function invalidSignature(problem: string): Result<never, WebhookError> {
  return err(domainError('webhooks.invalid_signature', `iKhokha callback: ${problem}`));
}
