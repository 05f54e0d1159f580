import { z } from 'zod';
import type { Authenticator } from '../auth.js';
import { idempotent } from '../idempotency.js';
import { describeRoutesWith } from '../openapi.js';
import { parseOrProblem } from '../problem.js';
import type { MikroOrmIdempotencyKeys } from '../../persistence/mikro-orm-idempotency-keys.js';
import { orderIdParam } from './checkouts.js';

/** Why an operator acts: every command carries one. */
export const reason = z.string().trim().min(3).max(200);
export const commandBody = z.strictObject({ reason });
export const customerIdParam = z.string().regex(/^[A-Za-z0-9_-]{3,128}$/);

/** How every operator route is documented: under `operator`, for operator tokens. */
export const describeOperatorRoute = describeRoutesWith({ tags: ['operator'], auth: 'operator' });

/**
 * What every operator route uses: the operator guard, who the operator is (from the token), the
 * Idempotency-Key guard scoped to that operator, and zod parsing that answers 400 problems.
 */
export function operatorKit(deps: { auth: Authenticator; idempotencyKeys: MikroOrmIdempotencyKeys }) {
  const operator = deps.auth.requireOperator();
  const operatorOf = (ctx: { state: Record<string, unknown> }) => ctx.state['operatorId'] as string;
  const once = idempotent(deps.idempotencyKeys, (ctx) => `operator:${operatorOf(ctx)}`);
  const parse = <T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'params' = 'body'): T => parseOrProblem(schema, value, where);
  const orderIdOf = (ctx: { params: Record<string, string | undefined> }) => parse(orderIdParam, ctx.params['orderId'], 'params');
  return { operator, operatorOf, once, parse, orderIdOf };
}

export type OperatorKit = ReturnType<typeof operatorKit>;
