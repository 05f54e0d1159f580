import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubLogValue, scrubText } from '../../../adapters/observability/logger.js';
import { loadConfig } from '../../../src/config.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line.length > 0),
      );
      done();
    },
  });
  return { logger: createLogger('info', sink), lines, text: () => lines.join('\n') };
}

describe('scrubText', () => {
  it.each([
    ['4242424242424242', 16],
    ['4242 4242 4242 4242', 16],
    ['4000-0000-0000-0002', 16],
    ['378282246310005', 15],
    ['6011111111111117', 16],
    ['4111111111111', 13],
    ['6212345678901234567', 19],
  ])('removes the card-like run %s', (card) => {
    const scrubbed = scrubText(`card ${card}, declined`);
    expect(scrubbed).toBe('card [CARD-REDACTED], declined');
    expect(scrubbed.replace(/\D/g, '')).toBe('');
  });

  it('leaves shorter and longer digit runs, and ordinary text, alone', () => {
    expect(scrubText('order 123456789012 of 12 items at 10:45')).toBe('order 123456789012 of 12 items at 10:45');
    expect(scrubText('trace 12345678901234567890')).toBe('trace 12345678901234567890');
    expect(scrubText('2025-01-31T10:45:00Z ord_AbC123')).toBe('2025-01-31T10:45:00Z ord_AbC123');
  });

  it('masks bearer tokens and passwords in URLs', () => {
    expect(scrubText('Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig')).toBe('Authorization: Bearer [REDACTED]');
    expect(scrubText('connect postgres://paysaga:hunter2@db:5432/paysaga failed')).toBe('connect postgres://paysaga:[REDACTED]@db:5432/paysaga failed');
  });
});

describe('scrubLogValue', () => {
  it('masks secret fields at any depth and scrubs nested strings and errors, without touching the original', () => {
    const original = { a: { b: { clientSecret: 's3', note: 'pan 5555555555554444' } }, list: ['4242424242424242'], error: new Error('card 4242424242424242') };
    const scrubbed = JSON.stringify(scrubLogValue(original));
    expect(scrubbed).not.toMatch(/s3|5555555555554444|4242424242424242/);
    expect(scrubbed).toContain('[REDACTED]');
    expect(original.a.b.clientSecret).toBe('s3');
  });

  it('survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic['self'] = cyclic;
    expect(scrubLogValue(cyclic)).toEqual({ name: 'x', self: '[Circular]' });
  });
});

describe('the logger', () => {
  it('never writes authorization headers, configured secrets or card numbers', () => {
    const { logger, text } = capture();
    const payloadKey = Buffer.alloc(32, 0x5a).toString('base64');
    const config = loadConfig({
      DEMO_MODE: 'true',
      JWT_SECRET: 'jwt-secret-value-that-is-long-enough-32',
      JWT_OPERATOR_SECRET: 'jwt-operator-value-that-is-long-enough-32',
      STRIPE_SECRET_KEY: 'sk_live_unique_value',
      PAYPAL_CLIENT_SECRET: 'paypal-unique-secret',
      TEMPORAL_PAYLOAD_KEYS: `k1:${payloadKey}`,
    });
    logger.info({ req: { headers: { authorization: 'Bearer header.token.value', cookie: 'sid=cookie-value' } } }, 'request');
    logger.info({ config }, 'config loaded');
    logger.info({ headers: { Authorization: 'Basic dXNlcjpwYXNz' } }, 'outgoing');
    const error = Object.assign(new Error('gateway said: card 4242 4242 4242 4242 is declined'), { response: { data: { card_number: '4000000000000002' } } });
    logger.error({ err: error }, 'charge failed for %s', '5555-5555-5555-4444');
    logger.warn('pan 378282246310005 in a message');
    const written = text();
    // The payload key's bytes, in whatever form a Buffer would be written (base64, a byte array).
    expect(written).not.toContain(payloadKey);
    expect(written).not.toMatch(/90,90,90/);
    for (const secret of [
      'header.token.value',
      'cookie-value',
      'jwt-secret-value',
      'jwt-operator-value',
      'sk_live_unique_value',
      'paypal-unique-secret',
      'dXNlcjpwYXNz',
      '4242',
      '4000000000000002',
      '5555',
      '378282246310005',
    ]) {
      expect(written).not.toContain(secret);
    }
    // What is not secret stays readable.
    expect(written).toContain('gateway said: card [CARD-REDACTED] is declined');
    expect(written).toContain('"type":"Error"');
    expect(written).toContain('charge failed for [CARD-REDACTED]');
    expect(written).toContain('"publicBaseUrl":"http://localhost:3000"');
  });
});
