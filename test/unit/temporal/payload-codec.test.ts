import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../../adapters/temporal/payload-codec.js';
import { loadConfig, parsePayloadKeys, type PayloadKey } from '../../../src/config.js';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const customer = { name: 'Sita Sharma', email: 'sita@example.com', phone: '9800000001', amountMinor: 123_456 };
const payload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value)!;
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('the AES-GCM payload codec', () => {
  it('encrypts every payload under the current key, naming it, and decodes it back exactly', async () => {
    const codec = new AesGcmPayloadCodec([key('k2'), key('k1')]);
    const plain = [payload(customer), payload('ord_1'), payload(null)];
    const sealed = await codec.encode(plain);
    for (const one of sealed) {
      expect(text(one.metadata![KEY_ID_METADATA])).toBe('k2');
      expect(text(one.metadata!['encoding'])).toBe(ENCRYPTED_ENCODING);
      for (const secret of ['Sita', 'sita@example.com', '9800000001', '123456', 'json/plain']) expect(text(one.data)).not.toContain(secret);
    }
    expect(await codec.decode(sealed)).toEqual(plain);
    expect(defaultPayloadConverter.fromPayload((await codec.decode(sealed))[0]!)).toEqual(customer);
    // A fresh nonce every time: the same value never encrypts the same way twice.
    const [again] = await codec.encode([plain[0]!]);
    expect(text(again!.data)).not.toBe(text(sealed[0]!.data));
  });

  it('rotates: a new first key encrypts, the old one still decrypts what it sealed', async () => {
    const old = key('2026-01');
    const fresh = key('2026-07');
    const sealedBefore = await new AesGcmPayloadCodec([old]).encode([payload(customer)]);
    const rotated = new AesGcmPayloadCodec([fresh, old]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode(sealedBefore))[0]!)).toEqual(customer);
    const [sealedAfter] = await rotated.encode([payload(customer)]);
    expect(text(sealedAfter!.metadata![KEY_ID_METADATA])).toBe('2026-07');
    // Once the old key is retired, what it sealed is refused by name, not silently garbled.
    const retired = await failure(new AesGcmPayloadCodec([fresh]).decode(sealedBefore));
    expect(retired.type).toBe('codec.unknown_key');
    expect(retired.nonRetryable).toBe(true);
    expect(retired.message).toContain('2026-01');
  });

  it('refuses a payload that was altered, or relabelled with another key id', async () => {
    const a = key('a');
    const b = { id: 'b', key: a.key };
    const codec = new AesGcmPayloadCodec([a, b]);
    const [sealed] = await codec.encode([payload(customer)]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[20] = flipped[20]! ^ 1;
    expect((await failure(codec.decode([{ ...sealed!, data: new Uint8Array(flipped) }]))).type).toBe('codec.tampered');
    // Same key bytes under another id: the id is authenticated, so the label cannot be swapped.
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: new Uint8Array(Buffer.from('b')) } };
    expect((await failure(codec.decode([relabelled]))).type).toBe('codec.tampered');
    expect((await failure(codec.decode([{ ...sealed!, data: new Uint8Array(8) }]))).type).toBe('codec.malformed');
  });

  it('passes through payloads written before encryption was turned on', async () => {
    const plain = payload({ order: 'from before' });
    expect(await new AesGcmPayloadCodec([key('k')]).decode([plain])).toEqual([plain]);
  });
});

describe('TEMPORAL_PAYLOAD_KEYS', () => {
  const b64 = (bytes = 32) => randomBytes(bytes).toString('base64');

  it('takes id:base64 entries, the first encrypting', () => {
    const keys = parsePayloadKeys(`new:${b64()}, old:${b64()}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys.every((k) => k.key.length === 32)).toBe(true);
  });

  it('refuses short keys, bad or repeated ids and an empty list, never echoing key material', () => {
    const short = b64(16);
    for (const [spec, message] of [
      [`k:${short}`, /key k must be 32 bytes/],
      [`${b64()}`, /entry 1 must be id:base64key/],
      [`a b:${b64()}`, /entry 1 must be id:base64key/],
      [`k:${b64()},k:${b64()}`, /key id k appears twice/],
      [' , ', /at least one key/],
    ] as const) {
      expect(() => parsePayloadKeys(spec)).toThrow(message);
      try {
        parsePayloadKeys(spec);
      } catch (error) {
        expect((error as Error).message).not.toContain(short);
      }
    }
  });

  it('is required outside demo mode, and demo mode has its own published key', () => {
    expect(loadConfig({ DEMO_MODE: 'true' }).temporal.payloadKeys.map((k) => k.id)).toEqual(['demo-1']);
    expect(() => loadConfig({ DEMO_MODE: 'false', JWT_SECRET: 'x'.repeat(40), KHALTI_BASE_URL: 'https://dev.khalti.com/api/v2/', KHALTI_SECRET_KEY: 'test_k' })).toThrow(
      /TEMPORAL_PAYLOAD_KEYS/,
    );
    expect(() => loadConfig({ DEMO_MODE: 'true', TEMPORAL_PAYLOAD_KEYS: 'k:short' })).toThrow(/TEMPORAL_PAYLOAD_KEYS: key k must be 32 bytes/);
  });
});
