import type Koa from 'koa';
import { randomBytes } from 'node:crypto';
import { isHttpUrl, readBody, redirect, sendJsonText } from '../../sandbox-kit/index.js';
import { ESEWA_REQUEST_SIGNED_FIELDS, esewaSignature, signaturesEqual } from '../client.js';
import { TRANSACTION_UUID } from '../mapper.js';
import { PAGES } from './hosted-page.js';
import { type EsewaState, javaDouble, type PaymentRecord, rupeesToPaisa } from './state.js';
import { ESEWA_UNAVAILABLE_BODY } from './types.js';

/**
 * eSewa's two endpoints: the browser form (`POST /api/epay/main/v2/form`), which checks the request
 * signature and opens a hosted-page session, and the status check API.
 */
export function esewaApi(state: EsewaState): { form(ctx: Koa.Context): Promise<void>; status(ctx: Koa.Context): void } {
  const { now, publicBaseUrl, productCode, secretKey, sessionSeconds, payments, sessions, failures, current, log } = state;

  async function form(ctx: Koa.Context): Promise<void> {
    const fields = Object.fromEntries(new URLSearchParams(await readBody(ctx.req)));
    try {
      if (ctx.method !== 'POST') return PAGES.errorPage(ctx, 405, 'Method not allowed', 'Submit the payment form with POST.');
      const checked = validateForm(fields);
      if (!checked.ok) return PAGES.errorPage(ctx, 400, 'Invalid payment request', checked.message);
      const v = checked.value;
      let p = current(v.transactionUuid);
      if (p !== undefined) {
        // The same signed form posted again (a retry or a reload) reopens its session.
        if (p.status !== 'PENDING') {
          return PAGES.errorPage(ctx, 409, 'Duplicate transaction', `transaction_uuid ${v.transactionUuid} has already been used.`);
        }
        if (p.totalPaisa !== v.totalPaisa) {
          return PAGES.errorPage(ctx, 409, 'Duplicate transaction', `transaction_uuid ${v.transactionUuid} was posted with another amount.`);
        }
        p.successUrl = v.successUrl;
        p.failureUrl = v.failureUrl;
      } else {
        const createdAt = now();
        p = {
          transactionUuid: v.transactionUuid,
          productCode: v.productCode,
          status: 'PENDING',
          amount: v.amount,
          taxAmount: v.taxAmount,
          productServiceCharge: v.productServiceCharge,
          productDeliveryCharge: v.productDeliveryCharge,
          totalAmount: v.totalAmount,
          totalPaisa: v.totalPaisa,
          reportedPaisa: v.totalPaisa,
          refId: null,
          payer: null,
          successUrl: v.successUrl,
          failureUrl: v.failureUrl,
          session: randomBytes(16).toString('hex'),
          createdAt,
          expiresAt: new Date(createdAt.getTime() + sessionSeconds * 1000),
        };
        payments.set(p.transactionUuid, p);
        sessions.set(p.session, p.transactionUuid);
      }
      redirect(ctx, `${publicBaseUrl}/checkout?session=${p.session}`, 303);
    } finally {
      log(ctx, fields);
    }
  }

  type Checked = { ok: true; value: ValidForm } | { ok: false; message: string };

  function validateForm(f: Record<string, string>): Checked {
    const fail = (message: string): Checked => ({ ok: false, message });
    for (const name of FORM_FIELDS) {
      if ((f[name] ?? '').trim() === '') return fail(`${name} is required.`);
    }
    const paisa: Record<string, number> = {};
    for (const name of ['amount', 'tax_amount', 'product_service_charge', 'product_delivery_charge', 'total_amount'] as const) {
      const value = rupeesToPaisa(f[name] ?? '');
      if (value === undefined) return fail(`${name} must be an amount in rupees.`);
      paisa[name] = value;
    }
    const sum = (paisa['amount'] ?? 0) + (paisa['tax_amount'] ?? 0) + (paisa['product_service_charge'] ?? 0) + (paisa['product_delivery_charge'] ?? 0);
    if (sum !== paisa['total_amount']) return fail('total_amount must equal amount + tax_amount + product_service_charge + product_delivery_charge.');
    if ((paisa['total_amount'] ?? 0) <= 0) return fail('total_amount must be greater than zero.');
    const uuid = f['transaction_uuid'] ?? '';
    if (!TRANSACTION_UUID.test(uuid)) return fail('transaction_uuid may contain only letters, digits and hyphens.');
    if (f['product_code'] !== productCode) return fail('Invalid product_code.');
    for (const name of ['success_url', 'failure_url'] as const) {
      if (!isHttpUrl(f[name] ?? '')) return fail(`${name} must be a valid URL.`);
    }
    const names = (f['signed_field_names'] ?? '').split(',');
    if (names.join(',') !== ESEWA_REQUEST_SIGNED_FIELDS.join(',')) {
      return fail(`signed_field_names must be ${ESEWA_REQUEST_SIGNED_FIELDS.join(',')}.`);
    }
    const expected = esewaSignature(f, names, secretKey);
    if (!signaturesEqual(f['signature'] ?? '', expected)) return fail('Invalid payload signature.');
    return {
      ok: true,
      value: {
        amount: f['amount'] ?? '',
        taxAmount: f['tax_amount'] ?? '',
        productServiceCharge: f['product_service_charge'] ?? '',
        productDeliveryCharge: f['product_delivery_charge'] ?? '',
        totalAmount: f['total_amount'] ?? '',
        totalPaisa: paisa['total_amount'] ?? 0,
        transactionUuid: uuid,
        productCode,
        successUrl: f['success_url'] ?? '',
        failureUrl: f['failure_url'] ?? '',
      },
    };
  }

  // --- The status API: GET /api/epay/transaction/status/ ------------------------------------------

  function status(ctx: Koa.Context): void {
    try {
      const failure = failures.take();
      if (failure !== undefined) return sendJsonText(ctx, failure, ESEWA_UNAVAILABLE_BODY);
      if (ctx.method !== 'GET') return sendJsonText(ctx, 405, JSON.stringify({ code: 405, error_message: 'Method not allowed' }));
      const q = new URLSearchParams(ctx.querystring);
      for (const name of ['product_code', 'total_amount', 'transaction_uuid']) {
        // The error shape for a bad query is not documented; this one mirrors the outage answer.
        if ((q.get(name) ?? '') === '') return sendJsonText(ctx, 400, JSON.stringify({ code: 400, error_message: `${name} is required` }));
      }
      if (q.get('product_code') !== productCode) return sendJsonText(ctx, 400, JSON.stringify({ code: 400, error_message: 'Invalid product code' }));
      const uuid = q.get('transaction_uuid') ?? '';
      const asked = rupeesToPaisa(q.get('total_amount') ?? '');
      const p = current(uuid);
      // eSewa finds a payment by code, uuid and amount together: any mismatch is NOT_FOUND.
      if (p === undefined || asked === undefined || asked !== p.totalPaisa) {
        const total = asked === undefined ? '0.0' : javaDouble(asked);
        return sendJsonText(
          ctx,
          200,
          `{"product_code":${JSON.stringify(productCode)},"transaction_uuid":${JSON.stringify(uuid)},"total_amount":${total},"status":"NOT_FOUND","ref_id":null}`,
        );
      }
      sendJsonText(
        ctx,
        200,
        `{"product_code":${JSON.stringify(p.productCode)},"transaction_uuid":${JSON.stringify(p.transactionUuid)},` +
          `"total_amount":${javaDouble(p.reportedPaisa)},"status":${JSON.stringify(p.status)},"ref_id":${JSON.stringify(p.status === 'NOT_FOUND' ? null : p.refId)}}`,
      );
    } finally {
      log(ctx);
    }
  }

  return { form, status };
}

const FORM_FIELDS = [
  'amount',
  'tax_amount',
  'total_amount',
  'transaction_uuid',
  'product_code',
  'product_service_charge',
  'product_delivery_charge',
  'success_url',
  'failure_url',
  'signed_field_names',
  'signature',
] as const;

/** A form that passed: what a new payment record takes from it. */
type ValidForm = Pick<
  PaymentRecord,
  'amount' | 'taxAmount' | 'productServiceCharge' | 'productDeliveryCharge' | 'totalAmount' | 'totalPaisa' | 'transactionUuid' | 'productCode' | 'successUrl' | 'failureUrl'
>;
