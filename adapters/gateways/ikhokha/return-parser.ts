import type { OrderReturnHint, PaymentCallback } from '../../../src/payments/ports/payment-gateway.js';
import { ok, type Result } from '../../../src/shared/result.js';
import { invalidReturn, singleValue, type ReturnError, type ReturnQuery } from '../return-query.js';
import { IKHOKHA_RETURN_OUTCOMES, orderIdFromExternalTransactionId, RETURN_OUTCOME_PARAM, RETURN_REFERENCE_PARAM, type IkhokhaReturnOutcome } from './gateway.js';

/** What one of our three return URLs says. Unsigned: anyone can type it. */
export interface IkhokhaReturnClaims {
  /** Which URL the browser came back to: `successPageUrl`, `failurePageUrl` or `cancelUrl`. */
  readonly outcome: IkhokhaReturnOutcome;
  /** Our `externalTransactionID`, put on the URL by `IkhokhaPaymentGateway.initiate`. */
  readonly externalTransactionId: string;
  readonly orderId: string;
  /** Only if iKhokha appended it to the URL, which no source documents. */
  readonly paylinkId?: string;
}

export interface IkhokhaReturnCallback extends PaymentCallback {
  readonly gateway: 'ikhokha';
  readonly claimedStatus: IkhokhaReturnOutcome;
  readonly claimedOrderId: string;
}

/** Names a paylink id could arrive under if iKhokha ever appends one (undocumented). */
const PAYLINK_PARAMS = ['paylinkID', 'paylinkId', 'paylink_id'] as const;
const PAYLINK_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Reads what our return URLs carry: `?ikhokha_result=success|failure|cancel&ikhokha_ref=<externalTransactionID>`.
 * iKhokha redirects to the URLs exactly as given (the official example's result pages read no
 * parameters), so the order is known and the paylink usually is not.
 */
export function parseIkhokhaReturnClaims(query: ReturnQuery): Result<IkhokhaReturnClaims, ReturnError> {
  const single = (field: string): Result<string | undefined, ReturnError> => {
    const value = singleValue('iKhokha', query, field);
    if (!value.ok) return value;
    return ok(value.value === undefined || value.value === '' ? undefined : value.value);
  };
  const outcome = single(RETURN_OUTCOME_PARAM);
  if (!outcome.ok) return outcome;
  if (outcome.value === undefined) return invalid(RETURN_OUTCOME_PARAM, 'is required');
  if (!(IKHOKHA_RETURN_OUTCOMES as readonly string[]).includes(outcome.value)) {
    return invalid(RETURN_OUTCOME_PARAM, `must be one of ${IKHOKHA_RETURN_OUTCOMES.join(', ')}`);
  }
  const reference = single(RETURN_REFERENCE_PARAM);
  if (!reference.ok) return reference;
  if (reference.value === undefined) return invalid(RETURN_REFERENCE_PARAM, 'is required');
  let paylinkId: string | undefined;
  for (const name of PAYLINK_PARAMS) {
    const given = single(name);
    if (!given.ok) return given;
    if (given.value === undefined) continue;
    if (!PAYLINK_ID.test(given.value)) return invalid(name, 'is not a paylink id');
    if (paylinkId !== undefined && paylinkId !== given.value) return invalid(name, 'contradicts another paylink id');
    paylinkId = given.value;
  }
  return ok({
    outcome: outcome.value as IkhokhaReturnOutcome,
    externalTransactionId: reference.value,
    orderId: orderIdFromExternalTransactionId(reference.value),
    ...(paylinkId !== undefined && { paylinkId }),
  });
}

/**
 * The `ReturnParser` for iKhokha. The port's callback needs the paylink id, which iKhokha does not
 * put on its redirects as far as any source shows: then the return is refused with
 * `payments.invalid_callback`, `details.field = 'paylinkID'` and the order it names in
 * `details.claimedOrderId` (the callback webhook and the saga's payment sync still settle the
 * payment). If iKhokha does append a paylink id, the return is accepted as a hint.
 */
export function parseIkhokhaReturn(query: ReturnQuery): Result<IkhokhaReturnCallback | OrderReturnHint, ReturnError> {
  const claims = parseIkhokhaReturnClaims(query);
  if (!claims.ok) return claims;
  const { outcome, orderId, paylinkId } = claims.value;
  // Without a paylink id the return names only our order: still a hint to ask iKhokha about it.
  if (paylinkId === undefined) return ok({ gateway: 'ikhokha', claimedOrderId: orderId, claimedStatus: outcome });
  return ok({ gateway: 'ikhokha', gatewayPaymentId: paylinkId, claimedOrderId: orderId, claimedStatus: outcome });
}

function invalid(field: string, problem: string): Result<never, ReturnError> {
  return invalidReturn('iKhokha', field, problem);
}
