import { describe, expect, it } from 'vitest';
import { checkedMethodDetails, checkedPaidWith, findCardNumbers } from '../../../src/payments/api.js';
import { aVisa } from '../../support/fakes/fake-saved-method-gateway.js';

const codeOf = (result: { ok: boolean; error?: { code: string; details?: Record<string, unknown> } }) => (result.ok ? 'ok' : result.error?.details?.['field']);

describe('findCardNumbers', () => {
  it('finds test card numbers bare, spaced and dashed, inside other text', () => {
    expect(findCardNumbers('card 4242 4242 4242 4242 exp 12/30')).toStrictEqual(['4242424242424242']);
    expect(findCardNumbers('{"pan":"5555-5555-5555-4444"}')).toStrictEqual(['5555555555554444']);
    expect(findCardNumbers('amex=378282246310005;')).toStrictEqual(['378282246310005']);
    expect(findCardNumbers('4242 4242 4242 4242 123')).toContain('4242424242424242');
  });

  it('ignores numbers failing Luhn, order ids, timestamps, last fours and long digit ids', () => {
    expect(findCardNumbers('4242 4242 4242 4241')).toStrictEqual([]);
    expect(findCardNumbers('ord_01HZX3K9Q8W7E6R5T4Y3U2 cus_ram spm_abc123')).toStrictEqual([]);
    expect(findCardNumbers('2026-12-07T16:13:35.123Z 2026-12-07 16:13:35+00')).toStrictEqual([]);
    // Millisecond epochs start with 1: never a card's first digit.
    expect(findCardNumbers('1765123456786 1765123456794')).toStrictEqual([]);
    expect(findCardNumbers('visa 4242 12/2030')).toStrictEqual([]);
    expect(findCardNumbers('42424242424242424242424242')).toStrictEqual([]);
  });
});

describe('checkedMethodDetails', () => {
  it('keeps a card’s brand, last four, expiry and wallet', () => {
    expect(checkedMethodDetails(aVisa('pm_1', { wallet: 'google_pay' }))).toStrictEqual({ ok: true, value: aVisa('pm_1', { wallet: 'google_pay' }) });
    expect(checkedMethodDetails(aVisa('pm_1', { brand: 'some_new_brand' })).ok).toBe(true);
  });

  it('refuses a last four that is not four digits, a bad brand, a bad expiry, a bad wallet', () => {
    expect(codeOf(checkedMethodDetails(aVisa('pm_1', { last4: '424' })))).toBe('last4');
    expect(codeOf(checkedMethodDetails(aVisa('pm_1', { last4: '42a2' })))).toBe('last4');
    expect(codeOf(checkedMethodDetails(aVisa('pm_1', { brand: 'Visa Card' })))).toBe('brand');
    expect(codeOf(checkedMethodDetails(aVisa('pm_1', { expMonth: 13 })))).toBe('expMonth');
    expect(codeOf(checkedMethodDetails(aVisa('pm_1', { expMonth: 0 })))).toBe('expMonth');
    expect(codeOf(checkedMethodDetails(aVisa('pm_1', { expYear: 30 })))).toBe('expYear');
    expect(codeOf(checkedMethodDetails(aVisa('pm_1', { wallet: 'Google Pay' })))).toBe('wallet');
    expect(codeOf(checkedMethodDetails(aVisa(' ')))).toBe('gatewayMethodId');
  });

  it('refuses a card number anywhere in the details', () => {
    const refused = checkedMethodDetails(aVisa('pm_4242424242424242'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'payments.invalid_saved_method', details: { field: 'gatewayMethodId' } } });
    expect(codeOf(checkedMethodDetails(aVisa('pm_1', { last4: '4242424242424242' })))).toBe('last4');
  });
});

describe('checkedPaidWith', () => {
  it('keeps a Google Pay card and refuses a full number or a bad last four', () => {
    expect(checkedPaidWith({ type: 'card', brand: 'visa', last4: '4242', wallet: 'google_pay' }).ok).toBe(true);
    expect(codeOf(checkedPaidWith({ type: 'card', last4: '4242 4242 4242 4242' }))).toBe('last4');
    expect(codeOf(checkedPaidWith({ type: 'card', last4: '42' }))).toBe('last4');
    expect(codeOf(checkedPaidWith({ type: 'Card' }))).toBe('type');
  });
});
