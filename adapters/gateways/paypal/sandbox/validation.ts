import { isHttpUrl, isRecord } from '../../sandbox-kit/index.js';
import { ApiError, CURRENCIES, cents, type OrderRecord, WHOLE_ONLY } from './records.js';
import type { PayPalSandboxMoney } from './types.js';

/** The create-order body and amounts, refused as PayPal's INVALID_REQUEST / UNPROCESSABLE_ENTITY answers refuse them. */

/** An order body that passed: what a new order record takes from it (`reference_id` defaults later). */
export type ValidOrder = Pick<OrderRecord, 'customId' | 'description' | 'amount' | 'returnUrl' | 'cancelUrl' | 'withPaymentSource'> & { referenceId?: string };

const UNIT = "/purchase_units/@reference_id=='default'";

export function validateOrder(body: Record<string, unknown>): ValidOrder {
  const intent = body['intent'];
  if (intent === undefined) throw new ApiError(400, [{ field: '/intent', issue: 'MISSING_REQUIRED_PARAMETER', description: 'A required field / parameter is missing.' }]);
  if (intent !== 'CAPTURE') {
    throw new ApiError(400, [
      { field: '/intent', value: String(intent), issue: 'INVALID_PARAMETER_VALUE', description: 'The value of a field is invalid (this sandbox imitates intent CAPTURE only).' },
    ]);
  }
  const units = body['purchase_units'];
  if (!Array.isArray(units) || units.length === 0) {
    throw new ApiError(400, [{ field: '/purchase_units', issue: 'MISSING_REQUIRED_PARAMETER', description: 'A required field / parameter is missing.' }]);
  }
  if (units.length > 1)
    throw new ApiError(400, [{ field: '/purchase_units', issue: 'INVALID_PARAMETER_VALUE', description: 'This sandbox imitates one purchase unit per order.' }]);
  const unit: unknown = units[0];
  if (!isRecord(unit))
    throw new ApiError(400, [{ field: '/purchase_units/0', issue: 'INVALID_PARAMETER_SYNTAX', description: 'The value of a field does not conform to the expected format.' }]);
  if (unit['amount'] === undefined)
    throw new ApiError(400, [{ field: `${UNIT}/amount`, issue: 'MISSING_REQUIRED_PARAMETER', description: 'A required field / parameter is missing.' }]);
  const amount = validateMoney(unit['amount'], `${UNIT}/amount`);
  if (cents(amount) <= 0)
    throw new ApiError(422, [{ field: `${UNIT}/amount/value`, value: amount.value, issue: 'CANNOT_BE_ZERO_OR_NEGATIVE', description: 'Must be greater than zero.' }]);
  const text = (field: string, max: number): string | undefined => {
    const v = unit[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length < 1 || v.length > max) {
      throw new ApiError(400, [{ field: `${UNIT}/${field}`, issue: 'INVALID_STRING_LENGTH', description: `The value of a field is either too short or too long (1–${max}).` }]);
    }
    return v;
  };
  const referenceId = text('reference_id', 256);
  const customId = text('custom_id', 127);
  const description = text('description', 127);

  const source = body['payment_source'];
  const experience = isRecord(source) && isRecord(source['paypal']) ? source['paypal']['experience_context'] : undefined;
  const legacy = body['application_context'];
  const context = isRecord(experience) ? experience : isRecord(legacy) ? legacy : {};
  const contextPath = isRecord(experience) ? '/payment_source/paypal/experience_context' : '/application_context';
  const url = (field: string): string | undefined => {
    const v = context[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !isHttpUrl(v)) {
      throw new ApiError(400, [
        { field: `${contextPath}/${field}`, issue: 'INVALID_PARAMETER_SYNTAX', description: 'The value of a field does not conform to the expected format.' },
      ]);
    }
    return v;
  };
  const returnUrl = url('return_url');
  const cancelUrl = url('cancel_url');
  return {
    ...(referenceId !== undefined && { referenceId }),
    ...(customId !== undefined && { customId }),
    ...(description !== undefined && { description }),
    amount,
    ...(returnUrl !== undefined && { returnUrl }),
    ...(cancelUrl !== undefined && { cancelUrl }),
    withPaymentSource: source !== undefined,
  };
}

export function validateMoney(value: unknown, field: string): PayPalSandboxMoney {
  if (!isRecord(value) || typeof value['currency_code'] !== 'string' || typeof value['value'] !== 'string') {
    throw new ApiError(400, [{ field, issue: 'MISSING_REQUIRED_PARAMETER', description: 'currency_code and value (a string) are required.' }]);
  }
  const currency = value['currency_code'];
  const amount = value['value'];
  if (!/^[A-Z]{3}$/.test(currency) || !CURRENCIES.has(currency)) {
    throw new ApiError(422, [{ field: `${field}/currency_code`, value: currency, issue: 'CURRENCY_NOT_SUPPORTED', description: 'Currency code is not currently supported.' }]);
  }
  if (!/^\d{1,10}(\.\d+)?$/.test(amount)) {
    throw new ApiError(400, [
      { field: `${field}/value`, value: amount, issue: 'INVALID_PARAMETER_SYNTAX', description: 'The value of a field does not conform to the expected format.' },
    ]);
  }
  const decimals = amount.split('.')[1]?.length ?? 0;
  if (decimals > (WHOLE_ONLY.has(currency) ? 0 : 2)) {
    throw new ApiError(422, [
      { field: `${field}/value`, value: amount, issue: 'DECIMAL_PRECISION', description: 'If the currency supports decimals, only two decimal place precision is supported.' },
    ]);
  }
  return { currency_code: currency, value: amount };
}
