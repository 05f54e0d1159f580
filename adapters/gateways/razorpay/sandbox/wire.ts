import type Koa from 'koa';
import { isRecord, sendJson } from '../../sandbox-kit/index.js';

/** Razorpay's error answers and the checks its API shares (notes), for the sandbox's routes. */

/** Razorpay's error JSON. */
export interface RazorpayErrorFields {
  readonly description: string;
  readonly field?: string;
  readonly code?: string;
  readonly source?: string;
  readonly step?: string;
  readonly reason?: string;
}

export function rzpError(ctx: Koa.Context, status: number, e: RazorpayErrorFields): void {
  const business = e.source === undefined;
  sendJson(ctx, status, {
    error: {
      code: e.code ?? 'BAD_REQUEST_ERROR',
      description: e.description,
      source: e.source ?? 'business',
      step: e.step ?? 'payment_initiation',
      reason: e.reason ?? (business ? 'input_validation_failed' : 'NA'),
      metadata: {},
      ...(e.field !== undefined && { field: e.field }),
    },
  });
}

export const idDoesNotExist = (ctx: Koa.Context): void => rzpError(ctx, 400, { description: 'The id provided does not exist', field: 'id' });
export const notFound = (ctx: Koa.Context): void => rzpError(ctx, 404, { description: 'The requested URL was not found on the server.', source: 'NA', step: 'NA', reason: 'NA' });

/** Notes: up to 15 keys, string (or number) values of at most 256 characters. Returns the problem as a string. */
export function validateNotes(notes: unknown): Record<string, string> | string {
  if (notes === undefined || notes === null) return {};
  if (Array.isArray(notes) && notes.length === 0) return {};
  if (!isRecord(notes)) return 'The notes field must be an object.';
  const entries = Object.entries(notes);
  if (entries.length > 15) return 'Number of fields in notes should be less than or equal to 15';
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof v !== 'string' && typeof v !== 'number') return `The notes.${k} must be a string.`;
    const s = String(v);
    if (s.length > 256) return `The notes.${k} may not be greater than 256 characters.`;
    out[k] = s;
  }
  return out;
}
