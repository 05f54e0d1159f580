import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { ShopperNotificationSettings } from './messages.js';

export type SettingsError = DomainError<'notifications.invalid_phone' | 'notifications.invalid_email' | 'notifications.phone_required'>;

/** E.164: `+`, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

/**
 * The settings a shopper asks for, checked: a phone in E.164, an email that looks like one
 * (kept lower-case, as messages are addressed), and no WhatsApp opt-in without a phone to reach.
 */
export function checkedSettings(
  customerId: string,
  asked: { readonly email?: string; readonly phone?: string; readonly whatsappOptIn: boolean; readonly marketingOptOut: boolean },
): Result<ShopperNotificationSettings, SettingsError> {
  const email = asked.email?.trim().toLowerCase();
  const phone = asked.phone?.trim();
  if (email !== undefined && (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email))) return err(domainError('notifications.invalid_email', 'the email address is not valid'));
  if (phone !== undefined && !E164.test(phone)) {
    return err(domainError('notifications.invalid_phone', 'the phone number must be in E.164 form: +, the country code, the number (at most 15 digits)'));
  }
  if (asked.whatsappOptIn && phone === undefined) return err(domainError('notifications.phone_required', 'WhatsApp messages need a phone number to go to'));
  return ok({
    customerId,
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    whatsappOptIn: asked.whatsappOptIn,
    marketingOptOut: asked.marketingOptOut,
  });
}
