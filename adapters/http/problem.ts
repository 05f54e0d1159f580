import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DomainError } from '../../src/shared/result.js';

/** An RFC 9457 problem. `code` is the stable machine-readable name; `type` is derived from it. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

/** Domain error codes → HTTP status. A code missing here is a server bug, answered as 500. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'checkout.empty_cart': 422,
  'checkout.invalid_quantity': 422,
  'checkout.unknown_sku': 422,
  'checkout.mixed_currency': 422,
  'checkout.cart_full': 422,
  'checkout.invalid_contact': 422,
  'checkout.invalid_address': 422,
  'checkout.address_required': 422,
  'checkout.not_found': 404,
  'checkout.already_started': 409,
  'inventory.insufficient_stock': 409,
  'inventory.out_of_stock': 409,
  'checkout.invalid_split': 422,
  'checkout.invalid_payment_method': 422,
  'checkout.command_refused': 409,
  'refunds.order_not_found': 404,
  'refunds.not_refundable': 409,
  'refunds.exceeds_paid': 409,
  'refunds.invalid_amount': 422,
  'refunds.gateway_unsupported': 422,
  'wallet.invalid_amount': 422,
  'wallet.missing_reference': 422,
  'wallet.top_up_not_found': 404,
  'wallet.invalid_top_up_amount': 422,
  'checkout.unsupported_currency': 422,
  'checkout.not_sold_in_currency': 422,
  'checkout.currency_not_accepted': 422,
  'wallet.unsupported_currency': 422,
  'wallet.currency_not_accepted': 422,
  'catalog.invalid_sku': 422,
  'catalog.invalid_name': 422,
  'catalog.invalid_price': 422,
  'catalog.currency_not_offered': 422,
  'catalog.invalid_quantity': 422,
  'catalog.invalid_threshold': 422,
  'catalog.product_exists': 409,
  'catalog.product_not_found': 404,
  'catalog.price_not_found': 404,
  'catalog.restock_id_reused': 422,
  'wallet.insufficient_funds': 422,
  'wallet.balance_changed': 409,
  'loyalty.points_changed': 409,
  'loyalty.insufficient_points': 422,
  'loyalty.redemption_over_cap': 422,
  'loyalty.invalid_points': 400,
  'payments.invalid_callback': 400,
  'payments.unknown_payment': 404,
  'payments.gateway_unavailable': 503,
  'payments.payment_method_not_found': 404,
  'payments.saved_methods_unsupported': 422,
  'payments.detach_failed': 503,
  'payments.invalid_saved_method': 422,
  'fulfilment.order_not_found': 404,
  'fulfilment.transition_refused': 409,
  'fulfilment.order_not_confirmed': 409,
  'fulfilment.shipment_required': 422,
  'notifications.not_found': 404,
  'notifications.not_resendable': 409,
  'notifications.invalid_phone': 422,
  'notifications.invalid_email': 422,
  'notifications.phone_required': 422,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemFromDomain(error: DomainError): HttpProblem {
  const status = STATUS_BY_CODE[error.code] ?? 500;
  if (status === 500) return new HttpProblem(500, 'server.internal', TITLES[500]!);
  return new HttpProblem(status, error.code, TITLES[status] ?? 'Error', error.message, error.details ? { details: error.details } : {});
}

export function problemFromZod(error: z.ZodError, where: 'body' | 'query' | 'params' | 'headers' = 'body'): HttpProblem {
  const errors = error.issues.map((issue) => ({ field: [where, ...issue.path.map(String)].join('.'), message: issue.message }));
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new HttpProblem(400, 'request.invalid', 'Bad Request', detail, { errors });
}

/** `schema`'s reading of `value`, or a 400 problem naming each invalid field under `where`. */
export function parseOrProblem<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'params' | 'headers' = 'body'): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw problemFromZod(parsed.error, where);
  return parsed.data;
}

function send(ctx: Context, problem: HttpProblem): void {
  ctx.status = problem.status;
  ctx.type = 'application/problem+json';
  ctx.body = {
    type: `/problems/${problem.code}`,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    ...(problem.detail === undefined ? {} : { detail: problem.detail }),
    instance: ctx.path,
    ...problem.extensions,
  };
}

/**
 * First in the chain: every failure leaves as problem+json. Unexpected errors are logged with the
 * request id and answered with a generic 500 — no stack, SQL or gateway text reaches the client.
 */
export function problemMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) send(ctx, new HttpProblem(404, 'route.not_found', 'Not Found', `no route for ${ctx.method} ${ctx.path}`));
      else if (ctx.status === 405 && (ctx.body === undefined || typeof ctx.body === 'string')) {
        send(ctx, new HttpProblem(405, 'route.method_not_allowed', 'Method Not Allowed', `${ctx.method} is not allowed on ${ctx.path}`));
      }
    } catch (error) {
      if (error instanceof HttpProblem) return send(ctx, error);
      if (error instanceof z.ZodError) return send(ctx, problemFromZod(error));
      const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
      if (status >= 400 && status < 500 && (error as { expose?: boolean }).expose) {
        return send(ctx, new HttpProblem(status, 'request.invalid', TITLES[status] ?? 'Bad Request', (error as Error).message));
      }
      logger.error({ err: error, requestId: ctx.state['requestId'], method: ctx.method, path: ctx.path }, 'request failed');
      send(ctx, new HttpProblem(500, 'server.internal', TITLES[500]!, 'An unexpected error occurred; it has been logged.'));
    }
  };
}
