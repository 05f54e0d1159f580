import { describe, expect, it } from 'vitest';
import { cardNumbersInText } from '../support/card-number-scan.js';

describe('the card-number scan over text', () => {
  it('finds a card number beside a UUID, and not the digit groups inside the UUID', () => {
    // 2345678-9012-3456-73 is Luhn-valid: inside a UUID it is an id, alone it is a card number.
    expect(cardNumbersInText('run a2345678-9012-3456-73ab-cdefabcdefab done')).toStrictEqual([]);
    expect(cardNumbersInText('"card":"4242 4242 4242 4242" run a2345678-9012-3456-73ab-cdefabcdefab')).toStrictEqual(['************4242']);
  });

  it("finds a card number beside a hex digest (Razorpay's event ids), and not a digit run inside the digest", () => {
    // 4222222222222 is a Luhn-valid 13-digit card number; inside a SHA-256's hex it is part of an id.
    const digest = `sha256:ab${'4222222222222'}cdef0123456789abcdef0123456789abcdef0123456789abc`;
    expect(digest.length - 'sha256:'.length).toBe(64);
    expect(cardNumbersInText(`event ${digest} recorded`)).toStrictEqual([]);
    expect(cardNumbersInText(`event ${digest} card 4222222222222`)).toStrictEqual(['*********2222']);
  });
});
