import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  equals,
  format,
  isIsoCurrency,
  minorUnitExponent,
  minorUnitsPerMajor,
  money,
  multiply,
  parseMoney,
  subtract,
  sum,
  zero,
  type Money,
} from '../../../src/shared/money.js';
import { anyCurrency, anyNonIsoCode, anySafeAmount, aThirdOfSafeAmount, jpy, npr, usd } from '../../support/mothers/money.js';
import { errorOf, okValue } from '../../support/result.js';

const MAX = Number.MAX_SAFE_INTEGER;
const isSafe = (n: bigint): boolean => n >= BigInt(-MAX) && n <= BigInt(MAX);

const twoDistinctCurrencies = fc.uniqueArray(anyCurrency, { minLength: 2, maxLength: 2 }) as fc.Arbitrary<[string, string]>;

/** Reads a formatted amount back into minor units, independently of `format`. */
function minorUnitsOf(text: string, decimals: 0 | 2 | 3 | 4): { amountMinor: bigint; currency: string } {
  const pattern = decimals === 0 ? /^(-?)(\d+)() ([A-Z]{3})$/ : new RegExp(`^(-?)(\\d+)\\.(\\d{${decimals}}) ([A-Z]{3})$`);
  const match = pattern.exec(text);
  if (match === null) throw new Error(`unexpected format: ${JSON.stringify(text)}`);
  const [, sign, major, minor, currency] = match;
  const magnitude = BigInt(major!) * 10n ** BigInt(decimals) + BigInt(minor || '0');
  return { amountMinor: sign === '-' ? -magnitude : magnitude, currency: currency! };
}

/** ISO 4217's minor units, written out here rather than read from the table under test. */
const ZERO_DECIMAL = ['JPY', 'KRW', 'ISK', 'CLP', 'VND', 'UGX', 'XOF'] as const;
const TWO_DECIMAL = ['NPR', 'USD', 'INR', 'ZAR', 'EUR', 'HUF', 'TWD', 'MGA'] as const;
const THREE_DECIMAL = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'] as const;
const FOUR_DECIMAL = ['CLF', 'UYW'] as const;

describe('parseMoney', () => {
  it('given a safe integer and an ISO code, when parsed, then it is an immutable Money with those values', () => {
    fc.assert(
      fc.property(anySafeAmount, anyCurrency, (amountMinor, currency) => {
        const parsed = okValue(parseMoney(amountMinor, currency));
        expect(parsed).toEqual({ amountMinor, currency });
        expect(Object.isFrozen(parsed)).toBe(true);
      }),
    );
  });

  it.each([0.5, 1.1, -0.01, 100.000001])('given the float %s, when parsed, then it is money.invalid_amount', (amount) => {
    expect(errorOf(parseMoney(amount, 'NPR')).code).toBe('money.invalid_amount');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('given %s, when parsed, then it is money.invalid_amount', (amount) => {
    expect(errorOf(parseMoney(amount, 'NPR')).code).toBe('money.invalid_amount');
  });

  it.each([MAX + 1, -(MAX + 1), 2 ** 60, Number.MAX_VALUE])('given the unsafe integer %s, when parsed, then it is money.invalid_amount', (amount) => {
    expect(errorOf(parseMoney(amount, 'NPR')).code).toBe('money.invalid_amount');
  });

  it('given the largest and smallest safe integers, when parsed, then both are accepted', () => {
    expect(okValue(parseMoney(MAX, 'NPR')).amountMinor).toBe(MAX);
    expect(okValue(parseMoney(-MAX, 'NPR')).amountMinor).toBe(-MAX);
  });

  it('given any number that is not a safe integer, when parsed, then it is money.invalid_amount', () => {
    fc.assert(
      fc.property(
        fc.double().filter((n) => !Number.isSafeInteger(n)),
        (amount) => {
          expect(errorOf(parseMoney(amount, 'NPR')).code).toBe('money.invalid_amount');
        },
      ),
    );
  });

  it.each(['npr', 'Npr', 'NP', 'NPRS', '', ' NPR', 'NPR ', 'N1R', 'ÄBC', 'रु'])('given the currency %j, when parsed, then it is money.invalid_currency', (currency) => {
    expect(errorOf(parseMoney(100, currency)).code).toBe('money.invalid_currency');
  });

  it.each(['QQQ', 'ABC', 'XXX', 'XAU', 'XTS', 'HRK', 'ZWL'])(
    'given the ISO-shaped code %s that is no ISO 4217 currency with a minor unit, when parsed, then it is money.invalid_currency',
    (currency) => {
      expect(errorOf(parseMoney(100, currency))).toMatchObject({ code: 'money.invalid_currency', message: expect.stringContaining(currency) });
    },
  );

  it('given any three-letter code outside ISO 4217, when parsed, then it is refused', () => {
    fc.assert(
      fc.property(anyNonIsoCode, (currency) => {
        expect(errorOf(parseMoney(100, currency)).code).toBe('money.invalid_currency');
        expect(isIsoCurrency(currency)).toBe(false);
      }),
    );
  });

  it('given an invalid amount, when money() is called, then it throws instead of returning a value', () => {
    expect(() => money(0.5, 'NPR')).toThrow(RangeError);
    expect(() => money(100, 'npr')).toThrow(RangeError);
  });
});

describe('add and subtract', () => {
  it('given two amounts in different currencies, when added or subtracted, then it throws', () => {
    fc.assert(
      fc.property(aThirdOfSafeAmount, aThirdOfSafeAmount, twoDistinctCurrencies, (a, b, [c1, c2]) => {
        expect(() => add(money(a, c1), money(b, c2))).toThrow(/currency mismatch/);
        expect(() => subtract(money(a, c1), money(b, c2))).toThrow(/currency mismatch/);
      }),
    );
  });

  it.each([
    ['added', 'sum', add, (a: number, b: number) => BigInt(a) + BigInt(b)],
    ['subtracted', 'difference', subtract, (a: number, b: number) => BigInt(a) - BigInt(b)],
  ] as const)('given any two amounts in one currency, when %s, then the result is the exact %s as a safe integer, or it throws on overflow', (_, __, operate, exactly) => {
    fc.assert(
      fc.property(anySafeAmount, anySafeAmount, anyCurrency, (a, b, currency) => {
        const exact = exactly(a, b);
        if (isSafe(exact)) {
          const result = operate(money(a, currency), money(b, currency));
          expect(Number.isSafeInteger(result.amountMinor)).toBe(true);
          expect(BigInt(result.amountMinor)).toBe(exact);
          expect(result.currency).toBe(currency);
        } else {
          expect(() => operate(money(a, currency), money(b, currency))).toThrow(RangeError);
        }
      }),
    );
  });

  it('given amounts at the edge of the safe range, when one more paisa is added or taken, then it throws rather than rounding', () => {
    expect(() => add(npr(MAX), npr(1))).toThrow(RangeError);
    expect(() => subtract(npr(-MAX), npr(1))).toThrow(RangeError);
    expect(add(npr(MAX - 1), npr(1)).amountMinor).toBe(MAX);
  });

  it('given amounts in one currency, when added in either order, then the results are equal', () => {
    fc.assert(
      fc.property(aThirdOfSafeAmount, aThirdOfSafeAmount, anyCurrency, (a, b, currency) => {
        expect(add(money(a, currency), money(b, currency))).toEqual(add(money(b, currency), money(a, currency)));
      }),
    );
  });

  it('given three amounts in one currency, when grouped either way, then the sums are equal', () => {
    fc.assert(
      fc.property(aThirdOfSafeAmount, aThirdOfSafeAmount, aThirdOfSafeAmount, anyCurrency, (a, b, c, currency) => {
        const [x, y, z] = [money(a, currency), money(b, currency), money(c, currency)];
        expect(add(add(x, y), z)).toEqual(add(x, add(y, z)));
      }),
    );
  });

  it('given an amount, when the same amount is subtracted, then zero of that currency is left', () => {
    fc.assert(
      fc.property(anySafeAmount, anyCurrency, (a, currency) => {
        expect(equals(subtract(money(a, currency), money(a, currency)), zero(currency))).toBe(true);
      }),
    );
  });

  it('given two amounts, when added, then neither operand changes and the result is frozen', () => {
    const a = npr(100);
    const b = npr(250);
    const result = add(a, b);
    expect(a).toEqual({ amountMinor: 100, currency: 'NPR' });
    expect(b).toEqual({ amountMinor: 250, currency: 'NPR' });
    expect(Object.isFrozen(result)).toBe(true);
  });
});

describe('sum', () => {
  it('given a list of amounts in one currency, when summed, then the total is the exact sum of the minor units', () => {
    const amount = fc.integer({ min: -(2 ** 46), max: 2 ** 46 });
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 64 }), anyCurrency, (amounts, currency) => {
        const total = sum(
          currency,
          amounts.map((a) => money(a, currency)),
        );
        expect(BigInt(total.amountMinor)).toBe(amounts.reduce((acc, a) => acc + BigInt(a), 0n));
        expect(total.currency).toBe(currency);
      }),
    );
  });

  it('given no amounts, when summed, then it is zero in the requested currency', () => {
    expect(sum('USD', [])).toEqual({ amountMinor: 0, currency: 'USD' });
  });

  it('given one amount in another currency, when summed, then it throws', () => {
    expect(() => sum('NPR', [npr(100), usd(100)])).toThrow(/currency mismatch/);
    expect(() => sum('NPR', [usd(100)])).toThrow(/currency mismatch/);
  });

  it('given amounts whose total overflows, when summed, then it throws', () => {
    expect(() => sum('NPR', [npr(MAX), npr(MAX)])).toThrow(RangeError);
  });
});

describe('multiply', () => {
  it('given a whole factor, when multiplied, then the result is exact, and a fractional factor or overflow throws', () => {
    expect(multiply(npr(12_345), 3)).toEqual({ amountMinor: 37_035, currency: 'NPR' });
    expect(() => multiply(npr(100), 1.5)).toThrow(RangeError);
    expect(() => multiply(npr(MAX), 2)).toThrow(RangeError);
  });
});

describe('minorUnitExponent and minorUnitsPerMajor', () => {
  it.each([
    ...ZERO_DECIMAL.map((c) => [c, 0, 1] as const),
    ...TWO_DECIMAL.map((c) => [c, 2, 100] as const),
    ...THREE_DECIMAL.map((c) => [c, 3, 1000] as const),
    ...FOUR_DECIMAL.map((c) => [c, 4, 10_000] as const),
  ])('given %s, then ISO 4217 gives it %i decimals, %i minor units to the major unit', (currency, exponent, per) => {
    expect(minorUnitExponent(currency)).toBe(exponent);
    expect(minorUnitsPerMajor(currency)).toBe(per);
  });

  it.each(['QQQ', 'XXX', 'usd', ''])('given %j, which is no ISO 4217 currency, then it throws rather than guessing two decimals', (currency) => {
    expect(() => minorUnitExponent(currency)).toThrow(RangeError);
    expect(() => minorUnitsPerMajor(currency)).toThrow(/not an ISO 4217 currency/);
  });

  it('given the names of prototype members, then they are not currencies', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(isIsoCurrency(name)).toBe(false);
      expect(() => minorUnitExponent(name)).toThrow(RangeError);
    }
  });
});

describe('format', () => {
  it.each<[Money, string]>([
    [npr(12_345), '123.45 NPR'],
    [npr(100), '1.00 NPR'],
    [npr(5), '0.05 NPR'],
    [npr(0), '0.00 NPR'],
    [npr(-5), '-0.05 NPR'],
    [npr(-12_345), '-123.45 NPR'],
    [usd(1), '0.01 USD'],
    [jpy(1_000), '1000 JPY'],
    [jpy(-7), '-7 JPY'],
    [money(500, 'ISK'), '500 ISK'],
    [money(1_234, 'KWD'), '1.234 KWD'],
    [money(1_000, 'KWD'), '1.000 KWD'],
    [money(5, 'BHD'), '0.005 BHD'],
    [money(-1, 'JOD'), '-0.001 JOD'],
    [money(295_991, 'OMR'), '295.991 OMR'],
    [money(12_050, 'TND'), '12.050 TND'],
    [money(12_345, 'CLF'), '1.2345 CLF'],
  ])('given %j, when formatted, then it reads %s', (amount, expected) => {
    expect(format(amount)).toBe(expected);
  });

  it('given any safe amount in a two-decimal currency, when formatted and read back, then not one minor unit is lost', () => {
    fc.assert(
      fc.property(anySafeAmount, fc.constantFrom('NPR', 'USD', 'INR', 'ZAR'), (amountMinor, currency) => {
        expect(minorUnitsOf(format(money(amountMinor, currency)), 2)).toEqual({ amountMinor: BigInt(amountMinor), currency });
      }),
    );
  });

  it('given amounts one paisa below a whole rupee at the top of the safe range, when formatted, then the rupees are not rounded up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2 ** 40, max: Math.floor(MAX / 100) }), (rupees) => {
        const amountMinor = rupees * 100 - 1;
        expect(minorUnitsOf(format(npr(amountMinor)), 2).amountMinor).toBe(BigInt(amountMinor));
      }),
    );
  });

  it('given any safe amount in a zero-decimal currency, when formatted and read back, then it is unchanged', () => {
    fc.assert(
      fc.property(anySafeAmount, fc.constantFrom(...ZERO_DECIMAL), (amountMinor, currency) => {
        expect(minorUnitsOf(format(money(amountMinor, currency)), 0)).toEqual({ amountMinor: BigInt(amountMinor), currency });
      }),
    );
  });

  it('given any safe amount in a three- or four-decimal currency, when formatted and read back, then not one minor unit is lost', () => {
    fc.assert(
      fc.property(anySafeAmount, fc.constantFrom(...THREE_DECIMAL, ...FOUR_DECIMAL), (amountMinor, currency) => {
        const decimals = (THREE_DECIMAL as readonly string[]).includes(currency) ? 3 : 4;
        expect(minorUnitsOf(format(money(amountMinor, currency)), decimals)).toEqual({ amountMinor: BigInt(amountMinor), currency });
      }),
    );
  });

  it('given amounts one minor unit below a whole unit at the top of the safe range, when formatted, then the major unit is not rounded up', () => {
    fc.assert(
      fc.property(fc.constantFrom(['KWD', 3] as const, ['CLF', 4] as const), fc.integer({ min: 1, max: 2 ** 20 }), ([currency, decimals], below) => {
        const per = 10 ** decimals;
        const amountMinor = (Math.floor(MAX / per) - below) * per + (per - 1);
        expect(minorUnitsOf(format(money(amountMinor, currency)), decimals).amountMinor).toBe(BigInt(amountMinor));
      }),
    );
  });

  it("given any ISO 4217 currency, when an amount is formatted, then it shows exactly that currency's decimals", () => {
    fc.assert(
      fc.property(anyCurrency, fc.integer({ min: 0, max: 10 ** 9 }), (currency, amountMinor) => {
        const decimals = format(money(amountMinor, currency)).split(' ')[0]!.split('.')[1]?.length ?? 0;
        expect(decimals).toBe(minorUnitExponent(currency));
      }),
    );
  });
});
