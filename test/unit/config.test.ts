import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('worker settings from the environment', () => {
  it('bounds the saga cache at 1000 unless told otherwise; 0 turns it off', () => {
    expect(loadConfig({ DEMO_MODE: 'true' }).temporal.maxCachedWorkflows).toBe(1_000);
    expect(loadConfig({ DEMO_MODE: 'true', WORKER_MAX_CACHED_WORKFLOWS: '250' }).temporal.maxCachedWorkflows).toBe(250);
    expect(loadConfig({ DEMO_MODE: 'true', WORKER_MAX_CACHED_WORKFLOWS: '0' }).temporal.maxCachedWorkflows).toBe(0);
  });

  it('refuses a cache size that is not a whole number from 0 to 100000, naming the variable', () => {
    for (const value of ['-1', '2.5', 'lots', '100001']) {
      expect(() => loadConfig({ DEMO_MODE: 'true', WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ DEMO_MODE: 'true', WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    }
  });
});

describe('shop currency from the environment', () => {
  it('takes an ISO 4217 currency of any exponent', () => {
    for (const currency of ['NPR', 'JPY', 'KWD']) expect(() => loadConfig({ DEMO_MODE: 'true', SHOP_CURRENCY: currency })).not.toThrow();
  });

  it('refuses at start a three-letter code that is no ISO 4217 currency, naming the variable', () => {
    for (const currency of ['QQQ', 'XXX', 'XAU', 'npr']) {
      expect(() => loadConfig({ DEMO_MODE: 'true', SHOP_CURRENCY: currency })).toThrow(/SHOP_CURRENCY/);
    }
  });
});

describe('several shop currencies', () => {
  it('offers NPR, USD, ZAR and INR in demo mode, NPR first, each with its own terms; outside demo mode only SHOP_CURRENCY', () => {
    const demo = loadConfig({ DEMO_MODE: 'true' });
    expect(demo.currencies).toEqual(['NPR', 'USD', 'ZAR', 'INR']);
    expect(demo.pricing['NPR']).toMatchObject({ currency: 'NPR', taxRateBasisPoints: 1300, delivery: { standard: 10_000 }, pointValueMinor: 100 });
    expect(demo.pricing['ZAR']).toMatchObject({ currency: 'ZAR', taxRateBasisPoints: 1500 });
    expect(demo.pricing['INR']).toMatchObject({ currency: 'INR', taxRateBasisPoints: 1800 });
    expect(demo.pricing['USD']).toMatchObject({ currency: 'USD', taxRateBasisPoints: 0, delivery: { standard: 500 } });
    expect(demo.pricing['USD']?.internationalDelivery).toEqual({ standard: 2500, express: 5000, pickup: 0 });
    expect(demo.loyalty.earnRules).toEqual({ NPR: 1000, USD: 10, ZAR: 100, INR: 600 });
    expect(loadConfig({ DEMO_MODE: 'true', SHOP_CURRENCY: 'USD' }).currencies).toEqual(['USD', 'NPR', 'ZAR', 'INR']);
    expect(loadConfig({ DEMO_MODE: 'true', SHOP_CURRENCIES: 'INR,ZAR' }).currencies).toEqual(['INR', 'ZAR']);
  });

  it('keeps the single-currency variables as the first currency terms, and takes <VARIABLE>_<CODE> for each', () => {
    const config = loadConfig({
      DEMO_MODE: 'true',
      SHOP_CURRENCY: 'USD',
      SHOP_CURRENCIES: 'ZAR',
      TAX_RATE_BASIS_POINTS: '800',
      TAX_RATE_BASIS_POINTS_ZAR: '1400',
      DELIVERY_STANDARD_MINOR_USD: '700',
    });
    expect(config.currencies).toEqual(['USD', 'ZAR']);
    expect(config.pricing['USD']).toMatchObject({ taxRateBasisPoints: 800, delivery: { standard: 700, express: 25_000 } });
    expect(config.pricing['ZAR']).toMatchObject({ taxRateBasisPoints: 1400, delivery: { standard: 6000 } });
  });

  it('refuses at start a currency list or a per-currency term that is wrong, naming the variable', () => {
    expect(() => loadConfig({ DEMO_MODE: 'true', SHOP_CURRENCIES: 'NPR,QQQ' })).toThrow(/SHOP_CURRENCIES/);
    expect(() => loadConfig({ DEMO_MODE: 'true', TAX_RATE_BASIS_POINTS_USD: '20000' })).toThrow(/TAX_RATE_BASIS_POINTS_USD/);
    expect(() => loadConfig({ DEMO_MODE: 'true', LOYALTY_EARN_MINOR_PER_POINT_INR: '0' })).toThrow(ConfigError);
  });
});

describe('deliveries from the environment', () => {
  it('defaults to a shop in Nepal, international charges of NPR 1,500 and 3,000, and no address required', () => {
    const config = loadConfig({ DEMO_MODE: 'true' });
    expect(config.delivery).toEqual({ shopCountry: 'NP', addressRequired: false });
    expect(config.pricing['NPR']?.internationalDelivery).toEqual({ standard: 150_000, express: 300_000, pickup: 0 });
  });

  it('takes the shop country, the international charges and the address rule', () => {
    const config = loadConfig({
      DEMO_MODE: 'true',
      SHOP_COUNTRY: 'IN',
      DELIVERY_INTERNATIONAL_STANDARD_MINOR: '5000',
      DELIVERY_INTERNATIONAL_EXPRESS_MINOR: '9000',
      DELIVERY_ADDRESS_REQUIRED: 'true',
    });
    expect(config.delivery).toEqual({ shopCountry: 'IN', addressRequired: true });
    expect(config.pricing['NPR']?.internationalDelivery).toMatchObject({ standard: 5_000, express: 9_000 });
  });

  it('refuses a shop country that is no ISO 3166-1 alpha-2 code, naming the variable', () => {
    for (const country of ['XX', 'np', 'NPL', 'UK']) expect(() => loadConfig({ DEMO_MODE: 'true', SHOP_COUNTRY: country })).toThrow(/SHOP_COUNTRY/);
  });
});
