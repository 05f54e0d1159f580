import { isHttpUrl, isRecord } from '../../sandbox-kit/index.js';
import { KHALTI_MIN_AMOUNT_PAISA } from './types.js';

/** The initiate body, checked as Khalti's DRF serializers check it and refused with their messages. */

export interface ValidInitiate {
  returnUrl: string;
  websiteUrl: string;
  amount: number;
  purchaseOrderId: string;
  purchaseOrderName: string;
  customerInfo?: unknown;
  amountBreakdown?: unknown;
  productDetails?: unknown;
  merchantExtras: Record<string, unknown>;
}

type Checked = { ok: true; value: ValidInitiate } | { ok: false; errors: Record<string, string[]> };

export function validateInitiate(body: unknown): Checked {
  if (!isRecord(body)) {
    return { ok: false, errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`] } };
  }
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string): undefined => {
    errors[field] = [message];
    return undefined;
  };
  const url = (field: string): string | undefined => {
    const v = body[field];
    if (v === undefined) return fail(field, 'This field is required.');
    if (v === null) return fail(field, 'This field may not be null.');
    if (typeof v !== 'string' || v.trim() === '') return fail(field, typeof v === 'string' ? 'This field may not be blank.' : 'Not a valid string.');
    return isHttpUrl(v) ? v : fail(field, 'Enter a valid URL.');
  };
  const text = (field: string): string | undefined => {
    const v = body[field];
    if (v === undefined) return fail(field, 'This field is required.');
    if (v === null) return fail(field, 'This field may not be null.');
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') return fail(field, 'Not a valid string.');
    return v.trim() === '' ? fail(field, 'This field may not be blank.') : v;
  };
  const integer = (v: unknown): number | undefined => {
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
    return undefined;
  };

  const returnUrl = url('return_url');
  const websiteUrl = url('website_url');
  let amount: number | undefined;
  if (body['amount'] === undefined) fail('amount', 'This field is required.');
  else if (body['amount'] === null) fail('amount', 'This field may not be null.');
  else {
    amount = integer(body['amount']);
    if (amount === undefined) fail('amount', 'A valid integer is required.');
    else if (amount < KHALTI_MIN_AMOUNT_PAISA) {
      amount = fail('amount', 'Amount should be greater than Rs. 10, that is 1000 paisa.');
    }
  }
  const purchaseOrderId = text('purchase_order_id');
  const purchaseOrderName = text('purchase_order_name');

  const customerInfo = body['customer_info'];
  if (customerInfo !== undefined && customerInfo !== null && !isRecord(customerInfo)) {
    fail('customer_info', `Expected a dictionary of items but got type "${typeof customerInfo}".`);
  }
  const breakdown = body['amount_breakdown'];
  if (breakdown !== undefined && breakdown !== null) {
    if (!Array.isArray(breakdown)) fail('amount_breakdown', `Expected a list of items but got type "${typeof breakdown}".`);
    else {
      const amounts = breakdown.map((item) => (isRecord(item) && typeof item['label'] === 'string' ? integer(item['amount']) : undefined));
      if (amounts.some((a) => a === undefined)) fail('amount_breakdown', 'Each item needs a label and an integer amount.');
      // Exact shape of this error is undocumented; Khalti's text is "Amount Breakdown mismatch."
      else if (amount !== undefined && amounts.reduce<number>((s, a) => s + (a ?? 0), 0) !== amount) {
        fail('amount_breakdown', 'Amount Breakdown mismatch.');
      }
    }
  }
  const productDetails = body['product_details'];
  if (productDetails !== undefined && productDetails !== null && !Array.isArray(productDetails)) {
    fail('product_details', `Expected a list of items but got type "${typeof productDetails}".`);
  }

  if (
    Object.keys(errors).length > 0 ||
    returnUrl === undefined ||
    websiteUrl === undefined ||
    amount === undefined ||
    purchaseOrderId === undefined ||
    purchaseOrderName === undefined
  ) {
    return { ok: false, errors };
  }
  const merchantExtras = Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('merchant_')));
  return {
    ok: true,
    value: {
      returnUrl,
      websiteUrl,
      amount,
      purchaseOrderId,
      purchaseOrderName,
      ...(isRecord(customerInfo) && { customerInfo }),
      ...(Array.isArray(breakdown) && { amountBreakdown: breakdown }),
      ...(Array.isArray(productDetails) && { productDetails }),
      merchantExtras,
    },
  };
}
