import { describe, expect, it } from 'vitest';
import { requireAcceptedCurrency, takesCurrency } from '../../../src/payments/domain/gateway-currency.js';
import { GATEWAY_CURRENCIES } from '../../../adapters/gateways/registry.js';
import { errorOf } from '../../support/result.js';

describe('the currencies a gateway takes', () => {
  it('given a gateway that takes a list, when a payment in another currency is asked for, then it is refused naming the gateway and its currencies', () => {
    expect(errorOf(requireAcceptedCurrency('checkout.currency_not_accepted', 'ikhokha', ['ZAR'], 'NPR'))).toEqual({
      code: 'checkout.currency_not_accepted',
      message: 'ikhokha does not take NPR; it takes ZAR',
      details: { gateway: 'ikhokha', currency: 'NPR', acceptedCurrencies: ['ZAR'] },
    });
    expect(errorOf(requireAcceptedCurrency('wallet.currency_not_accepted', 'khalti', ['NPR'], 'USD')).code).toBe('wallet.currency_not_accepted');
  });

  it('given a currency in the list, or a gateway that answers for itself (any), when asked, then it is allowed', () => {
    expect(requireAcceptedCurrency('checkout.currency_not_accepted', 'khalti', ['NPR'], 'NPR').ok).toBe(true);
    expect(requireAcceptedCurrency('checkout.currency_not_accepted', 'stripe', 'any', 'ZAR').ok).toBe(true);
    expect(takesCurrency(['NPR'], 'USD')).toBe(false);
  });

  it('given the gateways as they declare themselves, then the demo currencies each takes are the ones its sandbox accepts', () => {
    expect(takesCurrency(GATEWAY_CURRENCIES.khalti, 'NPR') && takesCurrency(GATEWAY_CURRENCIES.esewa, 'NPR')).toBe(true);
    expect(takesCurrency(GATEWAY_CURRENCIES.ikhokha, 'ZAR') && !takesCurrency(GATEWAY_CURRENCIES.ikhokha, 'NPR')).toBe(true);
    expect(takesCurrency(GATEWAY_CURRENCIES.paypal, 'USD')).toBe(true);
    for (const currency of ['NPR', 'ZAR', 'INR']) expect(takesCurrency(GATEWAY_CURRENCIES.paypal, currency), currency).toBe(false);
    expect(takesCurrency(GATEWAY_CURRENCIES.razorpay, 'INR') && takesCurrency(GATEWAY_CURRENCIES.stripe, 'USD')).toBe(true);
  });
});
