import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, formatMoney, groupDigits } from '../../../src/notifications/domain/format-money.js';
import { money } from '../../../src/shared/money.js';
import { anyCurrency, jpy, npr, usd } from '../../support/mothers/money.js';

describe('formatMoney', () => {
  it.each([
    [npr(123450), 'NPR 1,234.50'],
    [npr(5), 'NPR 0.05'],
    [npr(0), 'NPR 0.00'],
    [usd(1200), 'USD 12.00'],
    [usd(99), 'USD 0.99'],
    [jpy(1200), 'JPY 1,200'],
    [jpy(7), 'JPY 7'],
    [money(1250, 'BHD'), 'BHD 1.250'],
    [money(1234567891, 'BHD'), 'BHD 1,234,567.891'],
    [money(12345, 'CLF'), 'CLF 1.2345'],
    [usd(-1234), 'USD -12.34'],
  ])('%o reads %s', (m, expected) => {
    expect(formatMoney(m)).toBe(expected);
  });

  it('keeps every digit of the largest safe amounts, where float division would round', () => {
    expect(formatMoney(usd(Number.MAX_SAFE_INTEGER))).toBe('USD 90,071,992,547,409.91');
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'BHD'))).toBe('BHD 9,007,199,254,740.991');
    expect(formatMoney(jpy(Number.MAX_SAFE_INTEGER))).toBe('JPY 9,007,199,254,740,991');
  });

  it('reads back as the same minor units for any currency and amount', () => {
    fc.assert(
      fc.property(anyCurrency, fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (currency, amount) => {
        const text = formatMoney(money(amount, currency));
        const [code, figure] = text.split(' ');
        expect(code).toBe(currency);
        expect(BigInt(figure!.replace(/[,.]/g, ''))).toBe(BigInt(amount));
      }),
    );
  });
});

describe('groupDigits and formatCount', () => {
  it('groups thousands', () => {
    expect(groupDigits('1')).toBe('1');
    expect(groupDigits('1000')).toBe('1,000');
    expect(groupDigits('123456789')).toBe('123,456,789');
    expect(formatCount(12500)).toBe('12,500');
    expect(formatCount(-1000)).toBe('-1,000');
  });
});
