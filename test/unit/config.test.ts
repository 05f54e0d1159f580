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
