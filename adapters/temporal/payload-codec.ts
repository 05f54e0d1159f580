import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ApplicationFailure, type DataConverter } from '@temporalio/common';
import type { PayloadKey } from '../../src/config.js';

/** The `encoding` metadata of a payload this codec encrypted. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata naming the key a payload was encrypted with, so an older key still decrypts it after a rotation. */
export const KEY_ID_METADATA = 'encryption-key-id';

export type { PayloadKey } from '../../src/config.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A payload as Temporal's remote codec protocol writes it in JSON: metadata values and data in base64. */
export interface JsonPayload {
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  readonly data?: string | undefined;
}

export const payloadToJson = (payload: Payload): { metadata: Record<string, string>; data: string } => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});

export const payloadFromJson = (payload: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(payload.data ?? '', 'base64')),
});

/** A payload's own bytes (its metadata and data), sealed as one: its JSON form. */
const serialize = (payload: Payload): Buffer => Buffer.from(JSON.stringify(payloadToJson(payload)));
const deserialize = (bytes: Buffer): Payload => payloadFromJson(JSON.parse(bytes.toString('utf8')) as JsonPayload);

const utf8 = (value: string) => new Uint8Array(Buffer.from(value));
const text = (value: Uint8Array | null | undefined) => (value ? Buffer.from(value).toString('utf8') : undefined);

/**
 * Encrypts every payload the service hands Temporal (workflow inputs and results, activity
 * arguments, updates, queries, signals) with AES-256-GCM, so customer details and amounts are
 * never readable in the server's database or its histories. Each payload carries the id of the
 * key that encrypted it (authenticated as additional data); decoding picks that key, so a
 * rotation adds a new first key and keeps the old ones until no running saga needs them.
 * Payloads written before encryption was turned on pass through unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  readonly #current: PayloadKey;
  readonly #byId: ReadonlyMap<string, PayloadKey>;

  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec needs a key');
    this.#current = keys[0]!;
    this.#byId = new Map(keys.map((k) => [k.id, k]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
      cipher.setAAD(Buffer.from(this.#current.id));
      const sealed = Buffer.concat([iv, cipher.update(serialize(payload)), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(this.#current.id) }, data: new Uint8Array(sealed) };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.['encoding']) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
      const key = this.#byId.get(keyId);
      if (key === undefined) {
        throw ApplicationFailure.nonRetryable(`payload encrypted with key ${JSON.stringify(keyId)}, which this process does not have (TEMPORAL_PAYLOAD_KEYS)`, 'codec.unknown_key');
      }
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < IV_BYTES + TAG_BYTES) throw ApplicationFailure.nonRetryable('encrypted payload is truncated', 'codec.malformed');
      const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(key.id));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      try {
        return deserialize(Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]));
      } catch {
        throw ApplicationFailure.nonRetryable(`encrypted payload does not authenticate with key ${key.id}`, 'codec.tampered');
      }
    });
  }
}

/** The data converter every client and worker of this service uses: the default converter, then encryption. */
export function encryptingDataConverter(keys: readonly PayloadKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)] };
}
