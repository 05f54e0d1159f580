import { describe, expect, it } from 'vitest';
import { cardNumbersInText } from '../support/card-number-scan.js';

describe('the card-number scan over text', () => {
  it('finds a card number beside a UUID, and not the digit groups inside the UUID', () => {
    // 2345678-9012-3456-73 is Luhn-valid: inside a UUID it is an id, alone it is a card number.
    expect(cardNumbersInText('run a2345678-9012-3456-73ab-cdefabcdefab done')).toStrictEqual([]);
    expect(cardNumbersInText('"card":"4242 4242 4242 4242" run a2345678-9012-3456-73ab-cdefabcdefab')).toStrictEqual(['************4242']);
  });
});
