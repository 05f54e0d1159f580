import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createCheckoutHarness, type CheckoutHarness } from '../harness/checkout-harness.js';
import { liveHandle } from './live-handle.js';

export interface HarnessFixtureOptions<H, S extends string, O extends string> {
  /**
   * `test`: a fresh harness for every test (the time-skipping server's clock only moves forward,
   * so one test's skipped hours must not run into the next's sagas); `file` (the default): one
   * harness for the whole file.
   */
  readonly per?: 'file' | 'test';
  /** How to make the harness (default: {@link createCheckoutHarness} with its defaults). */
  readonly create?: () => Promise<H>;
  /** Shopper tokens issued on every fresh harness: name → customer id. */
  readonly shoppers?: Readonly<Record<S, string>>;
  /** Operator tokens issued on every fresh harness: name → operator id. */
  readonly operators?: Readonly<Record<O, string>>;
  /** How long making the harness may take, where the project's hook timeout is too short (the dev server). */
  readonly timeout?: number;
}

export interface HarnessFixture<H, Who extends string> {
  /** The harness of the running test (or file); only to be used inside tests and hooks. */
  readonly h: H;
  /** The bearer tokens the options named, issued by the running harness. */
  readonly tokens: Readonly<Record<Who, string>>;
  /** The running harness, or undefined where making it failed or it is closed. */
  current(): H | undefined;
}

/**
 * Makes a harness before the tests of the calling `describe` or file (or before each of them)
 * and closes it after them, with the tokens the tests sign in with. Hooks the caller registers
 * after this call run once the harness is made and before it is closed.
 */
export function useHarness<H extends CheckoutHarness = CheckoutHarness, S extends string = never, O extends string = never>(
  options: HarnessFixtureOptions<H, S, O> = {},
): HarnessFixture<H, S | O> {
  const create = options.create ?? (createCheckoutHarness as () => Promise<H>);
  const tokens: Record<string, string> = {};
  let current: H | undefined;
  (options.per === 'test' ? beforeEach : beforeAll)(async () => {
    current = await create();
    for (const [name, customerId] of Object.entries<string>(options.shoppers ?? {})) tokens[name] = await current.tokens.issueShopperToken(customerId);
    for (const [name, operatorId] of Object.entries<string>(options.operators ?? {})) tokens[name] = await current.tokens.issueOperatorToken(operatorId);
  }, options.timeout);
  (options.per === 'test' ? afterEach : afterAll)(async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  });
  return { h: liveHandle(() => current, 'harness'), tokens: tokens as Record<S | O, string>, current: () => current };
}
