import type Koa from 'koa';
import { isRecord, sendJson } from '../../sandbox-kit/index.js';
import { idDoesNotExist, notFound, rzpError, validateNotes } from './wire.js';
import { type CustomerRecord, customerEntity, newId, tokenEntity } from './entities.js';
import type { RazorpayState } from './state.js';

/** Razorpay's name rule: 3–50 letters, digits, spaces and `.'/@()`. */
const NAME = /^[A-Za-z0-9 .'/@()]{3,50}$/;

/**
 * Razorpay's Customers API and a customer's saved cards (`/v1/customers`, `…/{id}`,
 * `…/{id}/tokens`, `DELETE …/{id}/tokens/{token}`), in Razorpay's wire format. `path` is what
 * follows `/v1/customers/`, split.
 */
export function razorpayCustomersApi(state: RazorpayState): (ctx: Koa.Context, path: readonly string[], body: unknown) => void {
  const { now, customers, tokens } = state;

  function createCustomer(ctx: Koa.Context, body: unknown): void {
    const b = body === undefined ? {} : body;
    if (!isRecord(b)) return rzpError(ctx, 400, { description: 'The request body must be an object' });
    const text = (field: string): string | null | { error: string } => {
      const value = b[field];
      if (value === undefined || value === null || value === '') return null;
      return typeof value === 'string' ? value : { error: `The ${field} must be a string.` };
    };
    const name = text('name');
    const email = text('email');
    const contact = text('contact');
    for (const [field, value] of [
      ['name', name],
      ['email', email],
      ['contact', contact],
    ] as const) {
      if (value !== null && typeof value === 'object') return rzpError(ctx, 400, { description: value.error, field });
    }
    if (typeof name === 'string' && !NAME.test(name)) return rzpError(ctx, 400, { description: 'The name format is invalid.', field: 'name' });
    if (typeof email === 'string' && (email.length > 64 || !/^[^@\s]+@[^@\s]+$/.test(email)))
      return rzpError(ctx, 400, { description: 'The email must be a valid email address.', field: 'email' });
    if (typeof contact === 'string' && !/^\+?[0-9]{8,15}$/.test(contact)) {
      return rzpError(ctx, 400, { description: 'Contact number should be at least 8 digits, including country code', field: 'contact' });
    }
    const failExisting = b['fail_existing'] ?? '1';
    if (failExisting !== '0' && failExisting !== '1' && failExisting !== 0 && failExisting !== 1) {
      return rzpError(ctx, 400, { description: 'The selected fail existing is invalid.', field: 'fail_existing' });
    }
    const notes = validateNotes(b['notes']);
    if (typeof notes === 'string') return rzpError(ctx, 400, { description: notes, field: 'notes' });
    const details = { name: name as string | null, email: email as string | null, contact: contact as string | null };
    // Razorpay matches an existing customer by email and contact; with neither, every call is a new customer.
    const existing =
      details.email === null && details.contact === null ? undefined : [...customers.values()].find((c) => c.email === details.email && c.contact === details.contact);
    if (existing !== undefined) {
      if (String(failExisting) === '1') return rzpError(ctx, 400, { description: 'Customer already exists for the merchant', field: 'contact' });
      return sendJson(ctx, 200, customerEntity(existing));
    }
    const c: CustomerRecord = { id: `cust_${newId()}`, ...details, notes, createdAt: now() };
    customers.set(c.id, c);
    sendJson(ctx, 200, customerEntity(c));
  }

  return (ctx, path, body) => {
    const [id, sub, tokenId, ...rest] = path;
    if (rest.length > 0) return notFound(ctx);
    if (id === undefined) return ctx.method === 'POST' ? createCustomer(ctx, body) : notFound(ctx);
    const customer = customers.get(id);
    if (sub === undefined && ctx.method === 'GET') return customer === undefined ? idDoesNotExist(ctx) : sendJson(ctx, 200, customerEntity(customer));
    if (sub !== 'tokens') return notFound(ctx);
    if (customer === undefined) return idDoesNotExist(ctx);
    const own = [...tokens.values()].filter((t) => t.customerId === id);
    if (tokenId === undefined && ctx.method === 'GET') {
      const items = own.reverse().map(tokenEntity);
      return sendJson(ctx, 200, { entity: 'collection', count: items.length, items });
    }
    if (tokenId === undefined) return notFound(ctx);
    const token = own.find((t) => t.id === tokenId);
    if (ctx.method === 'GET') return token === undefined ? idDoesNotExist(ctx) : sendJson(ctx, 200, tokenEntity(token));
    if (ctx.method === 'DELETE') {
      if (token === undefined) return idDoesNotExist(ctx);
      tokens.delete(token.id);
      return sendJson(ctx, 200, { deleted: true });
    }
    return notFound(ctx);
  };
}
