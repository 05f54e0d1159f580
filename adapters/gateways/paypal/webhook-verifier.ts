import { X509Certificate, verify as verifySignature } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { GatewayEvent, WebhookError, WebhookVerifier } from '../../../src/payments/ports/payment-gateway.js';
import { domainError, err, ok, type Result } from '../../../src/shared/result.js';
import { webhookJson } from '../webhook-input.js';

/** Where PayPal's signing certificates live. Each entry is a URL prefix (scheme, host, port and path). */
export const PAYPAL_CERT_URL_PREFIXES = [
  'https://api.paypal.com/v1/notifications/certs/',
  'https://api.sandbox.paypal.com/v1/notifications/certs/',
  'https://api-m.paypal.com/v1/notifications/certs/',
  'https://api-m.sandbox.paypal.com/v1/notifications/certs/',
] as const;

export interface PayPalWebhookVerifierOptions {
  /** The id of our webhook subscription (not the event id). Mock events use `WEBHOOK_ID`. */
  readonly webhookId: string;
  /** Certificate URLs outside these prefixes are refused without being fetched. Default `PAYPAL_CERT_URL_PREFIXES`. */
  readonly certUrlPrefixes?: readonly string[];
  /**
   * Refuse a transmission time further than this from now, in either direction (clock skew).
   * Default `PAYPAL_WEBHOOK_TOLERANCE_SECONDS`.
   */
  readonly maxTransmissionAgeSeconds?: number;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
}

/**
 * How far PAYPAL-TRANSMISSION-TIME may be from our clock: 5 minutes, as Stripe's default.
 *
 * The time is inside the signed message (`id|time|webhookId|crc32`), so an old signed delivery
 * cannot be given a new time. The check is safe against PayPal's retries (up to 25 over 3 days)
 * because every delivery attempt is its own HTTP transmission: PayPal's verify-webhook-signature
 * reference describes PAYPAL-TRANSMISSION-ID and -TIME as "the ID / the date and time of the
 * HTTP transmission", and dedupe is documented on the event `id`, not the transmission id —
 * retries and Dashboard/API resends are signed anew with a fresh id and time. PayPal does not
 * say so in as many words (UNCONFIRMED); a retry refused here answers 401 and is retried again,
 * and the checkout saga still asks PayPal for the order, so a wrong guess delays, never loses.
 */
export const PAYPAL_WEBHOOK_TOLERANCE_SECONDS = 300;

const AUTH_ALGO = 'SHA256withRSA';
/** Certificates kept, by URL; PayPal signs with a handful at a time. */
const CERT_CACHE_SIZE = 32;
/** A certificate is fetched again after a day at most, sooner if it expires first. */
const CERT_CACHE_MS = 24 * 3600_000;
/** A URL that answered no usable certificate is not asked again for this long. */
const UNUSABLE_CERT_CACHE_MS = 10 * 60_000;

const eventSchema = z.looseObject({
  id: z.string().min(1),
  event_type: z.string().min(1),
  resource_type: z.string().optional(),
  resource: z
    .looseObject({
      id: z.string().optional(),
      status: z.string().optional(),
      supplementary_data: z.looseObject({ related_ids: z.looseObject({ order_id: z.string().optional() }).optional() }).optional(),
    })
    .optional(),
});

export interface PayPalGatewayEvent extends GatewayEvent {
  readonly gateway: 'paypal';
  /** `checkout-order`, `capture`, `refund`, … */
  readonly resourceType?: string;
  /** The resource's own id: the order id, the capture id, the refund id. */
  readonly resourceId?: string;
}

/**
 * Verifies PayPal webhooks by the certificate method: the signed message is
 * `transmissionId|transmissionTime|webhookId|crc32(raw body)` (CRC-32 in unsigned decimal),
 * checked with RSA-SHA256 against the certificate at `PAYPAL-CERT-URL`. The certificate is
 * fetched only from allow-listed prefixes and cached per URL. A body that was re-serialised
 * changes the CRC and fails. The RSA check is a public-key operation: no secret is compared.
 *
 * Failures to verify are `webhooks.invalid_signature` / `webhooks.malformed` results; a
 * certificate download that fails for transport reasons throws (retryable: answer non-2xx and
 * PayPal redelivers).
 */
export class PayPalWebhookVerifier implements WebhookVerifier {
  readonly #webhookId: string;
  readonly #prefixes: readonly URL[];
  readonly #maxAgeMs: number;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #now: () => Date;
  readonly #certificates = new Map<string, { readonly certificate: X509Certificate | undefined; readonly expiresAt: number }>();
  readonly #downloads = new Map<string, Promise<X509Certificate | undefined>>();

  constructor(options: PayPalWebhookVerifierOptions) {
    // Verifying against an empty id would accept nothing and invite "skip when unset" code.
    if (options.webhookId.trim() === '') throw new Error('PayPal webhook id is empty');
    this.#webhookId = options.webhookId;
    this.#prefixes = (options.certUrlPrefixes ?? PAYPAL_CERT_URL_PREFIXES).map((p) => new URL(p));
    const tolerance = options.maxTransmissionAgeSeconds ?? PAYPAL_WEBHOOK_TOLERANCE_SECONDS;
    if (!Number.isSafeInteger(tolerance) || tolerance <= 0) throw new Error(`PayPal webhook tolerance must be a positive number of seconds, got ${tolerance}`);
    this.#maxAgeMs = tolerance * 1000;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? (() => new Date());
  }

  async verify(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<Result<PayPalGatewayEvent, WebhookError>> {
    // Every check that needs no network comes first: a forged or stale delivery costs no download.
    const h = lowerCased(headers);
    const transmissionId = h['paypal-transmission-id'];
    const transmissionTime = h['paypal-transmission-time'];
    const signature = h['paypal-transmission-sig'];
    const certUrl = h['paypal-cert-url'];
    const authAlgo = h['paypal-auth-algo'];
    if (!transmissionId || !transmissionTime || !signature || !certUrl || !authAlgo) {
      return invalidSignature('a PAYPAL-TRANSMISSION-ID, -TIME, -SIG, PAYPAL-CERT-URL or PAYPAL-AUTH-ALGO header is missing');
    }
    if (authAlgo !== AUTH_ALGO) return invalidSignature(`unsupported PAYPAL-AUTH-ALGO ${JSON.stringify(authAlgo.slice(0, 32))}`);
    // PayPal's verify-webhook-signature API caps the transmission id at 50 characters.
    if (transmissionId.length > 50 || transmissionId.includes('|')) return invalidSignature('PAYPAL-TRANSMISSION-ID is not a transmission id');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || signature.length < 172 || signature.length > 1368) {
      return invalidSignature('PAYPAL-TRANSMISSION-SIG is not a base64 RSA signature');
    }
    // Internet date-time, e.g. 2025-03-14T12:02:12Z (PayPal sends whole seconds; fractions and offsets are tolerated).
    const sentAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(transmissionTime) ? Date.parse(transmissionTime) : Number.NaN;
    if (Number.isNaN(sentAt)) return invalidSignature('PAYPAL-TRANSMISSION-TIME is not a date-time');
    if (Math.abs(this.#now().getTime() - sentAt) > this.#maxAgeMs) {
      return invalidSignature(`PAYPAL-TRANSMISSION-TIME is stale or in the future (more than ${this.#maxAgeMs / 1000} s from now)`);
    }
    const url = this.#allowedCertUrl(certUrl);
    if (url === undefined) return invalidSignature('PAYPAL-CERT-URL is not a PayPal certificate URL');
    // Parsed before the signature is known good, but only to refuse early: nothing is believed until it verifies.
    const json = webhookJson('PayPal webhook', rawBody);
    if (!json.ok) return json;
    const parsed = eventSchema.safeParse(json.value);
    if (!parsed.success) return err(domainError('webhooks.malformed', 'PayPal webhook: not an event (id, event_type)'));

    const certificate = await this.#certificate(url);
    if (certificate === undefined) return invalidSignature('the certificate at PAYPAL-CERT-URL is not usable');

    const message = `${transmissionId}|${transmissionTime}|${this.#webhookId}|${crc32(rawBody) >>> 0}`;
    let valid: boolean;
    try {
      valid = verifySignature('sha256', Buffer.from(message, 'utf8'), certificate.publicKey, Buffer.from(signature, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) return invalidSignature('PAYPAL-TRANSMISSION-SIG does not match the body, webhook id and certificate');

    const event = parsed.data;
    const resource = event.resource;
    // Orders are their own resource; captures point back to their order.
    const orderId = event.resource_type === 'checkout-order' || event.event_type.startsWith('CHECKOUT.ORDER.') ? resource?.id : resource?.supplementary_data?.related_ids?.order_id;
    return ok({
      gateway: 'paypal',
      eventId: event.id,
      type: event.event_type,
      ...(orderId !== undefined && { gatewayPaymentId: orderId }),
      ...(resource?.status !== undefined && { claimedStatus: resource.status }),
      ...(event.resource_type !== undefined && { resourceType: event.resource_type }),
      ...(resource?.id !== undefined && { resourceId: resource.id }),
    });
  }

  #allowedCertUrl(value: string): URL | undefined {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return undefined;
    }
    if (url.username !== '' || url.password !== '' || url.hash !== '') return undefined;
    const allowed = this.#prefixes.some((p) => url.origin === p.origin && url.pathname.startsWith(p.pathname) && url.pathname.length > p.pathname.length);
    return allowed ? url : undefined;
  }

  /**
   * `undefined` when the URL answers something that is not a valid certificate (4xx, garbage,
   * expired). Certificates are cached per URL (LRU of `CERT_CACHE_SIZE`) until their notAfter or
   * `CERT_CACHE_MS`, whichever is first; an unusable answer is remembered for
   * `UNUSABLE_CERT_CACHE_MS`; concurrent deliveries naming one URL share one download.
   */
  async #certificate(url: URL): Promise<X509Certificate | undefined> {
    const key = url.toString();
    const now = this.#now().getTime();
    const cached = this.#certificates.get(key);
    if (cached !== undefined) {
      this.#certificates.delete(key);
      if (now < cached.expiresAt) {
        this.#certificates.set(key, cached); // most recently used last
        return cached.certificate !== undefined && now >= Date.parse(cached.certificate.validFrom) ? cached.certificate : undefined;
      }
    }
    let download = this.#downloads.get(key);
    if (download === undefined) {
      download = this.#download(url).finally(() => this.#downloads.delete(key));
      this.#downloads.set(key, download);
    }
    const certificate = await download;
    if (certificate === undefined || now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) return undefined;
    return certificate;
  }

  async #download(url: URL): Promise<X509Certificate | undefined> {
    const key = url.toString();
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(this.#timeoutMs) });
      text = await response.text();
    } catch (cause) {
      throw new Error(`PayPal webhook: could not fetch the certificate at ${key}`, { cause });
    }
    if (response.status >= 500 || response.status === 429) {
      throw new Error(`PayPal webhook: certificate URL answered HTTP ${response.status} (temporary, retry later)`);
    }
    let certificate: X509Certificate | undefined;
    if (response.status === 200) {
      try {
        certificate = new X509Certificate(text);
      } catch {
        certificate = undefined;
      }
    }
    const now = this.#now().getTime();
    const expiresAt = certificate === undefined ? now + UNUSABLE_CERT_CACHE_MS : Math.min(Date.parse(certificate.validTo), now + CERT_CACHE_MS);
    if (expiresAt > now) {
      while (this.#certificates.size >= CERT_CACHE_SIZE) {
        const oldest = this.#certificates.keys().next();
        if (oldest.done === true) break;
        this.#certificates.delete(oldest.value);
      }
      this.#certificates.set(key, { certificate, expiresAt });
    }
    return certificate;
  }
}

function lowerCased(headers: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = value.trim();
  return out;
}

function invalidSignature(why: string): Result<never, WebhookError> {
  return err(domainError('webhooks.invalid_signature', `PayPal webhook: ${why}`));
}
