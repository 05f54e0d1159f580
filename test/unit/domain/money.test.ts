import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, equals, format, money, multiply, parseMoney, subtract, sum, zero, type Money } from '../../../src/shared/money.js';
import { aThirdOfSafeAmount, anyCurrency, anySafeAmount, errorOf, jpy, npr, usd, valueOf } from './builders.js';

const MAX = Number.MAX_SAFE_INTEGER;
const isSafe = (n: bigint): boolean => n >= BigInt(-MAX) && n <= BigInt(MAX);

const twoDistinctCurrencies = fc.uniqueArray(anyCurrency, { minLength: 2, maxLength: 2 }) as fc.Arbitrary<[string, string]>;

/** Reads a formatted amount back into minor units, independently of `format`. */
function minorUnitsOf(text: string, decimals: 0 | 2): { amountMinor: bigint; currency: string } {
  const pattern = decimals === 2 ? /^(-?)(\d+)\.(\d{2}) ([A-Z]{3})$/ : /^(-?)(\d+) ([A-Z]{3})$/;
  const match = pattern.exec(text);
  if (match === null) throw new Error(`unexpected format: ${JSON.stringify(text)}`);
  const [, sign, major, minorOrCurrency, currency] = match;
  const magnitude = decimals === 2 ? BigInt(major!) * 100n + BigInt(minorOrCurrency!) : BigInt(major!);
  return { amountMinor: sign === '-' ? -magnitude : magnitude, currency: (decimals === 2 ? currency : minorOrCurrency)! };
}

describe('parseMoney', () => {
  it('given a safe integer and an ISO code, when parsed, then it is an immutable Money with those values', () => {
    fc.assert(
      fc.property(anySafeAmount, anyCurrency, (amountMinor, currency) => {
        const parsed = valueOf(parseMoney(amountMinor, currency));
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
    expect(valueOf(parseMoney(MAX, 'NPR')).amountMinor).toBe(MAX);
    expect(valueOf(parseMoney(-MAX, 'NPR')).amountMinor).toBe(-MAX);
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

  it.each(['npr', 'Npr', 'NP', 'NPRS', '', ' NPR', 'NPR ', 'N1R', 'ÄBC', 'रु'])(
    'given the currency %j, when parsed, then it is money.invalid_currency',
    (currency) => {
      expect(errorOf(parseMoney(100, currency)).code).toBe('money.invalid_currency');
    },
  );

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

  it('given any two amounts in one currency, when added, then the result is the exact sum as a safe integer, or it throws on overflow', () => {
    fc.assert(
      fc.property(anySafeAmount, anySafeAmount, anyCurrency, (a, b, currency) => {
        const exact = BigInt(a) + BigInt(b);
        if (isSafe(exact)) {
          const result = add(money(a, currency), money(b, currency));
          expect(Number.isSafeInteger(result.amountMinor)).toBe(true);
          expect(BigInt(result.amountMinor)).toBe(exact);
          expect(result.currency).toBe(currency);
        } else {
          expect(() => add(money(a, currency), money(b, currency))).toThrow(RangeError);
        }
      }),
    );
  });

  it('given any two amounts in one currency, when subtracted, then the result is the exact difference as a safe integer, or it throws on overflow', () => {
    fc.assert(
      fc.property(anySafeAmount, anySafeAmount, anyCurrency, (a, b, currency) => {
        const exact = BigInt(a) - BigInt(b);
        if (isSafe(exact)) {
          const result = subtract(money(a, currency), money(b, currency));
          expect(Number.isSafeInteger(result.amountMinor)).toBe(true);
          expect(BigInt(result.amountMinor)).toBe(exact);
          expect(result.currency).toBe(currency);
        } else {
          expect(() => subtract(money(a, currency), money(b, currency))).toThrow(RangeError);
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
      fc.property(anySafeAmount, fc.constantFrom('JPY', 'KRW'), (amountMinor, currency) => {
        expect(minorUnitsOf(format(money(amountMinor, currency)), 0)).toEqual({ amountMinor: BigInt(amountMinor), currency });
      }),
    );
  });
});
