import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

/** The ISO 4217 codes a gateway takes, or `any` where that is the gateway's (and the account's) to answer. */
export type AcceptedCurrencies = readonly string[] | 'any';

export const takesCurrency = (accepted: AcceptedCurrencies, currency: string): boolean => accepted === 'any' || accepted.includes(currency);

/**
 * A payment in `currency` through `gateway` may be started only when the gateway takes that
 * currency; otherwise it is refused before anything is created, with `code` (the caller's:
 * `checkout.currency_not_accepted`, `wallet.currency_not_accepted`) naming the gateway and what it takes.
 */
export function requireAcceptedCurrency<C extends string>(code: C, gateway: string, accepted: AcceptedCurrencies, currency: string): Result<void, DomainError<C>> {
  if (accepted === 'any' || accepted.includes(currency)) return ok(undefined);
  return err(
    domainError(code, `${gateway} does not take ${currency}; it takes ${accepted.join(', ')}`, {
      gateway,
      currency,
      acceptedCurrencies: [...accepted],
    }),
  );
}
