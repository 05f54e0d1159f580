import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A self-signed X.509 certificate for the PayPal sandbox's webhook signatures.
 *
 * node:crypto can generate RSA keys, sign and parse certificates (`X509Certificate`) but has no
 * API to issue one, so the TBSCertificate is DER-encoded here (RFC 5280, §4.1) and signed with
 * the key itself. The verifier then reads a real certificate, exactly as it reads PayPal's.
 */
export interface SandboxSigningIdentity {
  readonly privateKey: KeyObject;
  /** PEM `-----BEGIN CERTIFICATE-----`, as served at the certificate URL. */
  readonly certificatePem: string;
}

export function createSandboxSigningIdentity(options: { readonly commonName?: string; readonly now?: Date; readonly validDays?: number } = {}): SandboxSigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 24 * 3600_000);
  const notAfter = new Date(now.getTime() + (options.validDays ?? 365) * 24 * 3600_000);
  const name = distinguishedName(options.commonName ?? 'messageverificationcerts.sandbox.paypal.com');
  const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), der(0x05, Buffer.alloc(0)));
  const serial = randomBytes(16);
  // A positive INTEGER in minimal DER: top bit clear, and never a leading zero byte (1 in 128
  // serials would otherwise be non-minimal, which OpenSSL refuses to parse).
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))), // [0] version v3
    integer(serial),
    sha256WithRsa,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, sha256WithRsa, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = certificate.toString('base64').replace(/.{1,64}/g, '$&\n');
  return { privateKey, certificatePem: `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n` };
}

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}

const sequence = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
const integer = (value: Buffer): Buffer => der(0x02, value);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function distinguishedName(commonName: string): Buffer {
  const attribute = (type: string, value: string) => der(0x31, sequence(oid(type), der(0x0c, Buffer.from(value, 'utf8'))));
  return sequence(attribute('2.5.4.6', 'US'), attribute('2.5.4.10', 'PayPal sandbox imitation'), attribute('2.5.4.3', commonName));
}

/** UTCTime `YYMMDDHHMMSSZ` (RFC 5280 requires it for years before 2050). */
function time(instant: Date): Buffer {
  const iso = instant.toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return der(0x17, Buffer.from(text, 'ascii'));
}
