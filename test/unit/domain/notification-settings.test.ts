import { describe, expect, it } from 'vitest';
import { checkedSettings } from '../../../src/notifications/api.js';

const asked = { whatsappOptIn: false, marketingOptOut: false };

describe('notification settings', () => {
  it('given an email, an E.164 phone and the opt-in, when checked, then they are kept, the email lower-case', () => {
    expect(checkedSettings('cus_asha', { email: ' Asha@Example.COM ', phone: '+9779800000001', whatsappOptIn: true, marketingOptOut: true })).toStrictEqual({
      ok: true,
      value: { customerId: 'cus_asha', email: 'asha@example.com', phone: '+9779800000001', whatsappOptIn: true, marketingOptOut: true },
    });
  });

  it('given nothing but the switches, when checked, then the settings have no address', () => {
    expect(checkedSettings('cus_asha', asked)).toStrictEqual({ ok: true, value: { customerId: 'cus_asha', ...asked } });
  });

  it('given a WhatsApp opt-in without a phone, when checked, then it is refused: there is nowhere to send them', () => {
    expect(checkedSettings('cus_asha', { ...asked, email: 'a@b.co', whatsappOptIn: true })).toMatchObject({ ok: false, error: { code: 'notifications.phone_required' } });
  });

  it.each(['9800000001', '+0123456789', '+97798000000011234', '+977 980', '+12345'])('given the phone %s, not E.164, when checked, then it is refused', (phone) => {
    expect(checkedSettings('cus_asha', { ...asked, phone })).toMatchObject({ ok: false, error: { code: 'notifications.invalid_phone' } });
  });

  it.each(['asha', 'asha@', '@example.com', 'a b@example.com', `${'a'.repeat(250)}@example.com`])('given the email %s, when checked, then it is refused', (email) => {
    expect(checkedSettings('cus_asha', { ...asked, email })).toMatchObject({ ok: false, error: { code: 'notifications.invalid_email' } });
  });
});
