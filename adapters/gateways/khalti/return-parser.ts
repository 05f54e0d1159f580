import { z } from 'zod';
import { ok, type Result } from '../../../src/shared/result.js';
import type { PaymentCallback } from '../../../src/payments/ports/payment-gateway.js';
import { invalidReturn, singleValue, type ReturnError, type ReturnQuery } from '../return-query.js';

/** Statuses Khalti puts on the return URL (note the space and lower-case c in `User canceled`). */
export const KHALTI_RETURN_STATUSES = ['Completed', 'Pending', 'User canceled'] as const;
export type KhaltiReturnStatus = (typeof KHALTI_RETURN_STATUSES)[number];

/** Everything the return URL claims. All of it is unsigned and forgeable. */
export interface KhaltiReturnClaims {
  readonly transactionId?: string;
  /** Khalti's `txnId`; a Khalti reviewer describes it as the bank's transaction id. */
  readonly txnId?: string;
  /** Paisa. */
  readonly amount?: number;
  /** Paisa. */
  readonly totalAmount?: number;
  /** Payer's Khalti ID, masked (`98XXXXX904`). */
  readonly mobile?: string;
  readonly purchaseOrderName?: string;
}

export interface KhaltiReturnCallback extends PaymentCallback {
  readonly gateway: 'khalti';
  readonly claimedStatus: KhaltiReturnStatus;
  readonly claims: KhaltiReturnClaims;
}

const FIELDS = ['pidx', 'status', 'transaction_id', 'tidx', 'txnId', 'amount', 'total_amount', 'mobile', 'purchase_order_id', 'purchase_order_name'] as const;

// The cancel example sends `transaction_id=`, `tidx=` and `mobile=` empty: empty means absent.
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));
const optionalPaisa = optionalText.pipe(
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number of paisa')
    .transform(Number)
    .optional(),
);

const returnSchema = z.object({
  pidx: z.string({ error: 'is required' }).min(1, 'is required'),
  status: z.enum(KHALTI_RETURN_STATUSES, { error: `must be one of ${KHALTI_RETURN_STATUSES.join(', ')}` }),
  transaction_id: optionalText,
  tidx: optionalText,
  txnId: optionalText,
  amount: optionalPaisa,
  total_amount: optionalPaisa,
  mobile: optionalText,
  purchase_order_id: optionalText,
  purchase_order_name: optionalText,
});

/**
 * Parses Khalti's browser return (`GET return_url?pidx=…&status=…&transaction_id=…`).
 *
 * Khalti KPG-2 has no webhook and does not sign this redirect: anyone can craft it. The result
 * is only a hint that tells us which pidx to look up; the payment is decided by
 * `KhaltiPaymentGateway.lookup`, never by `claimedStatus` or `claims`.
 */
export function parseKhaltiReturn(query: ReturnQuery): Result<KhaltiReturnCallback, ReturnError> {
  const raw: Record<string, string | undefined> = {};
  for (const field of FIELDS) {
    const value = singleValue('Khalti', query, field);
    if (!value.ok) return value;
    raw[field] = value.value;
  }
  const parsed = returnSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? 'query' : issue.path.map(String).join('.') || 'query';
    return invalid(field, issue?.message ?? 'is invalid');
  }
  const q = parsed.data;
  const transactionId = q.transaction_id ?? q.tidx;
  const claims: KhaltiReturnClaims = {
    ...(transactionId !== undefined && { transactionId }),
    ...(q.txnId !== undefined && { txnId: q.txnId }),
    ...(q.amount !== undefined && { amount: q.amount }),
    ...(q.total_amount !== undefined && { totalAmount: q.total_amount }),
    ...(q.mobile !== undefined && { mobile: q.mobile }),
    ...(q.purchase_order_name !== undefined && { purchaseOrderName: q.purchase_order_name }),
  };
  return ok({
    gateway: 'khalti',
    gatewayPaymentId: q.pidx,
    ...(q.purchase_order_id !== undefined && { claimedOrderId: q.purchase_order_id }),
    claimedStatus: q.status,
    claims,
  });
}

function invalid(field: string, problem: string): Result<never, ReturnError> {
  return invalidReturn('Khalti', field, problem);
}
