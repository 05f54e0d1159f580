/** Temporal payload keys as `TEMPORAL_PAYLOAD_KEYS` gives them (see `src/config.ts`). */

export interface PayloadKey {
  /** Short, stable, never reused: it is written into every payload. */
  readonly id: string;
  /** 32 bytes of AES-256 key. */
  readonly key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** The entries of a comma-separated list, trimmed, the empty ones dropped. */
export const commaSeparated = (value: string): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);

/**
 * Parses `TEMPORAL_PAYLOAD_KEYS`: `id:base64key` entries separated by commas, the first the one
 * that encrypts, the others (older keys, during a rotation) decrypting only. Throws a message
 * naming what is wrong, never the key material.
 */
export function parsePayloadKeys(spec: string): PayloadKey[] {
  const keys = commaSeparated(spec).map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    if (!KEY_ID.test(id)) throw new Error(`entry ${index + 1} must be id:base64key, the id 1 to 64 letters, digits or . _ -`);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) throw new Error(`key ${id} must be 32 bytes, base64 encoded (openssl rand -base64 32), not ${key.length}`);
    return { id, key };
  });
  if (keys.length === 0) throw new Error('at least one key is needed');
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new Error(`key id ${repeated} appears twice`);
  return keys;
}
