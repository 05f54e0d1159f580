import type { z } from 'zod';
import type { WebhookError } from '../../src/payments/ports/payment-gateway.js';
import { domainError, err, ok, type Result } from '../../src/shared/result.js';

/** A header's value by its lower-case name, whatever case the request gave it in. */
export function headerValue(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** `webhooks.malformed` naming the first thing wrong with a verified body: `<what>: <path> <problem>`. */
export function malformedBody(what: string, error: z.ZodError, whole: string): Result<never, WebhookError> {
  const issue = error.issues[0];
  return err(domainError('webhooks.malformed', `${what}: ${issue?.path.map(String).join('.') || whole} ${issue?.message ?? 'is invalid'}`));
}

/** A webhook body parsed as JSON, or `webhooks.malformed`: `<what>: body is not JSON`. */
export function webhookJson(what: string, rawBody: Buffer): Result<unknown, WebhookError> {
  try {
    return ok(JSON.parse(rawBody.toString('utf8')) as unknown);
  } catch {
    return err(domainError('webhooks.malformed', `${what}: body is not JSON`));
  }
}
