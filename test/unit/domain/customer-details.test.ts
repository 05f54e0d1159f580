import { describe, expect, it } from 'vitest';
import { checkCustomerDetails, type CustomerDetailsInput } from '../../../src/checkout/domain/customer-details.js';
import { errorOf, okValue } from '../../support/result.js';

const address = { line1: 'Durbar Marg 12', city: 'Kathmandu', postalCode: '44600', country: 'NP' };
const lenient = { addressRequired: false };
const strict = { addressRequired: true };
const check = (input: Partial<CustomerDetailsInput>, policy = lenient) => checkCustomerDetails({ delivery: 'standard', ...input }, policy);
const problemFields = (error: { details?: Readonly<Record<string, unknown>> }) => ((error.details?.['problems'] ?? []) as { field: string }[]).map((problem) => problem.field);
const fieldsOf = (input: Partial<CustomerDetailsInput>, policy = lenient) => problemFields(errorOf(check(input, policy)));

describe('checkCustomerDetails: the contact', () => {
  it('keeps a valid contact, trimmed, with the phone written without separators', () => {
    expect(okValue(check({ contact: { name: '  Sita Sharma ', email: 'sita@example.com', phone: '+977 (980) 000-0001' } }))).toEqual({
      contact: { name: 'Sita Sharma', email: 'sita@example.com', phone: '+9779800000001' },
    });
  });

  it.each(['sita', 'sita@', '@example.com', 'sita@example', 'si ta@example.com', 'sita..s@example.com', '.sita@example.com', `${'a'.repeat(250)}@example.com`])(
    'refuses the email %s with checkout.invalid_contact naming the field',
    (email) => {
      const error = errorOf(check({ contact: { email } }));
      expect(error.code).toBe('checkout.invalid_contact');
      expect(error.details?.['problems']).toEqual([expect.objectContaining({ field: 'email' })]);
    },
  );

  it.each(['+0123456789', '12345', '+97798000000012345', '98000abc01', '++9779800000001'])('refuses the phone %s', (phone) => {
    expect(fieldsOf({ contact: { phone } })).toEqual(['phone']);
  });

  it.each(['+9779800000001', '9800000001', '+1 415 555 2671', '0201234567'])('accepts the phone %s (E.164, or a national number as clients sent before)', (phone) => {
    expect(okValue(check({ contact: { phone } })).contact?.phone).toBe(phone.replace(/ /g, ''));
  });

  it('names every bad field at once, and drops a contact of blanks', () => {
    expect(fieldsOf({ contact: { email: 'x', phone: '1', name: 'n'.repeat(201) } })).toEqual(['name', 'email', 'phone']);
    expect(okValue(check({ contact: { name: '  ', email: '' } }))).toEqual({});
  });
});

describe('checkCustomerDetails: the delivery address', () => {
  it('keeps a valid address, normalising the country and postal code to upper case', () => {
    expect(okValue(check({ address: { ...address, line2: ' Flat 3 ', region: 'Bagmati', country: 'np', postalCode: 'sw1a 1aa' } })).address).toEqual({
      line1: 'Durbar Marg 12',
      line2: 'Flat 3',
      city: 'Kathmandu',
      region: 'Bagmati',
      postalCode: 'SW1A 1AA',
      country: 'NP',
    });
  });

  it('requires line1, city, postal code and country, and says which are missing', () => {
    const error = errorOf(check({ address: { line1: ' ', region: 'Bagmati' } }));
    expect(error.code).toBe('checkout.invalid_address');
    expect(problemFields(error)).toEqual(['line1', 'city', 'postalCode', 'country']);
    expect(error.message).toContain('deliveryAddress.city is required');
  });

  it.each(['XX', 'UK', 'EU', 'N', 'NPL', '12'])('refuses %s, which is not an ISO 3166-1 alpha-2 country', (country) => {
    expect(fieldsOf({ address: { ...address, country } })).toEqual(['country']);
  });

  it.each(['GB', 'US', 'IN', 'DE', 'np'])('accepts the country %s', (country) => {
    expect(okValue(check({ address: { ...address, country } })).address?.country).toBe(country.toUpperCase());
  });

  it.each(['-44600', '446 00!', 'A'.repeat(13)])('refuses the postal code %s', (postalCode) => {
    expect(fieldsOf({ address: { ...address, postalCode } })).toEqual(['postalCode']);
  });

  it('refuses lines longer than their columns', () => {
    expect(fieldsOf({ address: { ...address, line1: 'x'.repeat(201), city: 'c'.repeat(101) } })).toEqual(['line1', 'city']);
  });
});

describe('checkCustomerDetails: when an address is needed', () => {
  it.each(['standard', 'express'] as const)('given a shop that requires it, then %s delivery without an address is refused with checkout.address_required', (delivery) => {
    const error = errorOf(checkCustomerDetails({ delivery }, strict));
    expect(error).toMatchObject({ code: 'checkout.address_required', details: { delivery } });
  });

  it('given a pickup, then no address is needed even where the shop requires one for deliveries', () => {
    expect(okValue(checkCustomerDetails({ delivery: 'pickup' }, strict))).toEqual({});
  });

  it('given a shop that does not require it, then standard delivery without an address passes (as requests from before addresses did)', () => {
    expect(okValue(checkCustomerDetails({ delivery: 'standard' }, lenient))).toEqual({});
  });

  it('given a pickup with an address, then the address is checked and kept', () => {
    expect(okValue(checkCustomerDetails({ delivery: 'pickup', address }, strict)).address).toEqual(address);
    expect(errorOf(checkCustomerDetails({ delivery: 'pickup', address: { ...address, country: 'ZZ' } }, strict)).code).toBe('checkout.invalid_address');
  });
});
