import type { Contact, DeliveryAddress } from '../../shared/customer-details.js';
import { isIsoCountry } from '../../shared/iso3166.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { DeliveryOption } from './quote.js';

export type CustomerDetailsError = DomainError<'checkout.invalid_contact' | 'checkout.invalid_address' | 'checkout.address_required'>;

/** One field that failed its rule, named as the request names it (`email`, `postalCode`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** What a checkout says about its shopper, as sent: trimmed and checked here. */
export interface CustomerDetailsInput {
  readonly contact?: Contact;
  readonly address?: { readonly [K in keyof DeliveryAddress]?: string };
  readonly delivery: DeliveryOption;
}

export interface CustomerDetails {
  readonly contact?: Contact;
  readonly address?: DeliveryAddress;
}

export interface CustomerDetailsPolicy {
  /**
   * Whether `standard` and `express` need an address. Off, a checkout without one is delivered
   * in the shop's own country (requests from before addresses existed keep working).
   */
  readonly addressRequired: boolean;
}

// The local part and domain as browsers' `type=email` accept them, with a dotted domain and a TLD of letters.
const EMAIL = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+.-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
// E.164 (`+` and up to 15 digits, no leading 0) or a national number of 7 to 15 digits.
const PHONE = /^(?:\+[1-9][0-9]{6,14}|[0-9]{7,15})$/;
// Spaces, dots, dashes and brackets people write numbers with; dropped before the check.
const PHONE_SEPARATORS = /[\s.()-]/g;
const POSTAL_CODE = /^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,10}[A-Za-z0-9])?$/;

const LIMITS = { line1: 200, line2: 200, city: 100, region: 100 } as const;

const trimmed = (value: string | undefined): string | undefined => {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
};

function checkContact(contact: Contact): Result<Contact | undefined, CustomerDetailsError> {
  const problems: FieldProblem[] = [];
  const name = trimmed(contact.name);
  const email = trimmed(contact.email);
  const phone = trimmed(contact.phone)?.replace(PHONE_SEPARATORS, '');
  if (name !== undefined && name.length > 200) problems.push({ field: 'name', message: 'must be at most 200 characters' });
  if (email !== undefined && (email.length > 254 || !EMAIL.test(email))) problems.push({ field: 'email', message: 'must be an email address such as name@example.com' });
  if (phone !== undefined && !PHONE.test(phone)) {
    problems.push({ field: 'phone', message: 'must be a phone number: + and country code then up to 15 digits (E.164), or 7 to 15 digits' });
  }
  if (problems.length > 0) return err(domainError('checkout.invalid_contact', describe('contact', problems), { problems }));
  const checked: Contact = { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
  return ok(Object.keys(checked).length === 0 ? undefined : checked);
}

function checkAddress(address: NonNullable<CustomerDetailsInput['address']>): Result<DeliveryAddress, CustomerDetailsError> {
  const problems: FieldProblem[] = [];
  const value = (field: keyof DeliveryAddress) => trimmed(address[field]);
  for (const field of ['line1', 'city', 'postalCode', 'country'] as const) if (value(field) === undefined) problems.push({ field, message: 'is required' });
  for (const [field, max] of Object.entries(LIMITS) as [keyof typeof LIMITS, number][]) {
    if ((value(field)?.length ?? 0) > max) problems.push({ field, message: `must be at most ${max} characters` });
  }
  const postalCode = value('postalCode');
  if (postalCode !== undefined && !POSTAL_CODE.test(postalCode)) problems.push({ field: 'postalCode', message: 'must be 1 to 12 letters, digits, spaces or dashes' });
  const country = value('country')?.toUpperCase();
  if (country !== undefined && !isIsoCountry(country)) problems.push({ field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code such as NP' });
  if (problems.length > 0) return err(domainError('checkout.invalid_address', describe('deliveryAddress', problems), { problems }));
  const line2 = value('line2');
  const region = value('region');
  return ok({
    line1: value('line1')!,
    ...(line2 ? { line2 } : {}),
    city: value('city')!,
    ...(region ? { region } : {}),
    postalCode: postalCode!.toUpperCase(),
    country: country!,
  });
}

const describe = (where: string, problems: readonly FieldProblem[]): string => problems.map((p) => `${where}.${p.field} ${p.message}`).join('; ');

/**
 * Checks a checkout's contact and delivery address: the email's and phone's format, an address
 * with its required parts and a real country, and, when the policy says so, that a delivery
 * (`standard`, `express`) has an address. A pickup needs none; one given with it is kept.
 * Answers the details trimmed and normalised (phone without separators, country upper-case).
 */
export function checkCustomerDetails(input: CustomerDetailsInput, policy: CustomerDetailsPolicy): Result<CustomerDetails, CustomerDetailsError> {
  const contact = input.contact === undefined ? ok(undefined) : checkContact(input.contact);
  if (!contact.ok) return contact;
  const address = input.address === undefined ? ok(undefined) : checkAddress(input.address);
  if (!address.ok) return address;
  if (address.value === undefined && input.delivery !== 'pickup' && policy.addressRequired) {
    return err(domainError('checkout.address_required', `${input.delivery} delivery needs a deliveryAddress; pickup needs none`, { delivery: input.delivery }));
  }
  return ok({ ...(contact.value === undefined ? {} : { contact: contact.value }), ...(address.value === undefined ? {} : { address: address.value }) });
}
