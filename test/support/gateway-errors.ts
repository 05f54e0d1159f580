/** How the gateway client tests check the two kinds of failure: refused by the gateway, or retryable. */
import { expect, it } from 'vitest';
import { GatewayRejectedError } from '../../src/payments/ports/payment-gateway.js';
import type { Money } from '../../src/shared/money.js';
import type { Result } from '../../src/shared/result.js';
import { caught } from './http-stubs.js';

/** The gateway refused the request itself: a `GatewayRejectedError` with `fields`, its message naming each of `mentions`. */
export function expectRejected(error: Error, fields: Readonly<Record<string, unknown>> | undefined, ...mentions: string[]): void {
  expect(error).toBeInstanceOf(GatewayRejectedError);
  if (fields !== undefined) expect(error).toMatchObject(fields);
  for (const mention of mentions) expect(error.message).toContain(mention);
}

/** A transport-level failure: a plain, retryable Error (never a `GatewayRejectedError`), its message naming each of `mentions`. */
export function expectRetryable(error: Error, ...mentions: string[]): void {
  expect(error).not.toBeInstanceOf(GatewayRejectedError);
  for (const mention of mentions) expect(error.message).toContain(mention);
}

/** A `fetch` that fails as an unreachable network does: it throws before any answer. */
export const unreachableFetch = (async () => {
  throw new TypeError('fetch failed');
}) as typeof globalThis.fetch;

/** A `fetch` that never answers: it rejects only when the client aborts the request. */
export const hangingFetch = ((_input: string | URL | Request, init: RequestInit = {}) =>
  new Promise<Response>((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  })) as typeof globalThis.fetch;

/**
 * The two tests every JSON gateway client has for the network itself: an unreachable network and
 * a gateway that never answers within `timeoutMs` (20 ms) are plain Errors, never naming `secret`.
 */
export function itFailsPlainlyOnTheNetwork(subject: {
  readonly secret: string;
  readonly unreachable: (fetch: typeof globalThis.fetch) => Promise<unknown>;
  readonly hanging: (fetch: typeof globalThis.fetch, timeoutMs: number) => Promise<unknown>;
}): void {
  it('throws a plain Error on a network failure, without the secret', async () => {
    const error = await caught(subject.unreachable(unreachableFetch));
    expectRetryable(error, 'network error');
    expect(error.message).not.toContain(subject.secret);
  });

  it('gives up after timeoutMs with a plain Error', async () => {
    const error = await caught(subject.hanging(hangingFetch, 20));
    expectRetryable(error, 'timed out after 20 ms');
  });
}

/**
 * A mapper refused `amount` rather than round it: `payments.invalid_amount` with the amount (and
 * `moreDetails`) in its details, its message showing the amount as `shown`.
 */
export function expectAmountRefused(
  result: Result<unknown, { readonly message: string }>,
  amount: Money,
  shown: string,
  moreDetails: Readonly<Record<string, unknown>> = {},
): void {
  expect(result).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount', details: { ...amount, ...moreDetails } } });
  expect(!result.ok && result.error.message).toContain(shown);
}

/**
 * One test per row of `[amountMinor, currency, shown]` (the title formats them as `it.each` does):
 * `toAmount` refuses the amount rather than round it, as `expectAmountRefused` checks.
 */
export function itRefusesAmounts(
  title: string,
  toAmount: (amount: Money) => Result<unknown, { readonly message: string }>,
  rows: readonly (readonly [amountMinor: number, currency: string, shown: string])[],
  moreDetails: Readonly<Record<string, unknown>> = {},
): void {
  it.each(rows)(title, (amountMinor, currency, shown) => {
    expectAmountRefused(toAmount({ amountMinor, currency }), { amountMinor, currency }, shown, moreDetails);
  });
}

/** The error of a browser return the parser refused as `payments.invalid_callback`; fails the test on any other outcome. */
export function invalidCallbackOf<E extends { readonly code: string }>(result: Result<unknown, E>): E {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected the return to be refused');
  expect(result.error.code).toBe('payments.invalid_callback');
  return result.error;
}
