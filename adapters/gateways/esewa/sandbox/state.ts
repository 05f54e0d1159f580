import type Koa from 'koa';
import { appendQuery, FailNext, headersOf, randomString, recordLookup, SandboxError, type SandboxState, sandboxState, statusExpiry, UPPER_ALNUM } from '../../sandbox-kit/index.js';
import { esewaSignature } from '../client.js';
import { ESEWA_SUCCESS_SIGNED_FIELDS, ESEWA_TEST_MERCHANT, type EsewaSandboxOptions, type EsewaSandboxPayment, type EsewaSandboxRequest } from './types.js';

/** What the eSewa sandbox remembers, and the changes of a payment's state the form, the page and the controls share. */

export interface PaymentRecord {
  transactionUuid: string;
  productCode: string;
  status: string;
  amount: string;
  taxAmount: string;
  productServiceCharge: string;
  productDeliveryCharge: string;
  totalAmount: string;
  totalPaisa: number;
  reportedPaisa: number;
  refId: string | null;
  payer: string | null;
  successUrl: string;
  failureUrl: string;
  session: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface EsewaState extends SandboxState<EsewaSandboxOptions, EsewaSandboxRequest> {
  readonly productCode: string;
  readonly secretKey: string;
  readonly sessionSeconds: number;
  readonly payments: Map<string, PaymentRecord>;
  /** Session token → transaction_uuid. */
  readonly sessions: Map<string, string>;
  current(uuid: string): PaymentRecord | undefined;
  existing(uuid: string): PaymentRecord;
  markComplete(p: PaymentRecord, payer: string, reportedPaisa?: number): void;
  /** Refuses to pay or cancel a payment that is not PENDING. */
  payable(p: PaymentRecord): void;
  /** The success redirect: `success_url?data=<base64 JSON>`, signed over its own signed_field_names. */
  successUrl(p: PaymentRecord): string;
  /** Logs a call to the form endpoint or the status API. */
  log(ctx: Koa.Context, form?: Record<string, string>): void;
}

export function createEsewaState(options: EsewaSandboxOptions): EsewaState {
  const base: SandboxState<EsewaSandboxOptions, EsewaSandboxRequest> = sandboxState(options, new FailNext(200, { lowest: 200 }));
  const { now, requestLog } = base;
  const productCode = options.productCode ?? ESEWA_TEST_MERCHANT.productCode;
  const secretKey = options.secretKey ?? ESEWA_TEST_MERCHANT.secretKey;
  const sessionSeconds = options.sessionSeconds ?? 1800;
  const totalAs = options.successTotalAmountAs ?? 'string';

  const payments = new Map<string, PaymentRecord>();
  const sessions = new Map<string, string>();
  /** An unpaid session past its end reads as NOT_FOUND ("session expired"). */
  const { current, existing } = recordLookup(payments, 'transaction_uuid', statusExpiry(now, 'PENDING', 'NOT_FOUND'));

  function markComplete(p: PaymentRecord, payer: string, reportedPaisa = p.totalPaisa): void {
    if (p.refId === null) p.refId = newRef();
    p.status = 'COMPLETE';
    p.payer = payer;
    p.reportedPaisa = reportedPaisa;
  }

  function payable(p: PaymentRecord): void {
    if (p.status !== 'PENDING') throw new SandboxError(`cannot pay or cancel a payment that is ${p.status}`);
  }

  /** The success redirect: `success_url?data=<base64 JSON>`, signed over its own signed_field_names. */
  function successUrl(p: PaymentRecord): string {
    const total = javaDouble(p.reportedPaisa);
    const values: Record<string, string> = {
      transaction_code: p.refId ?? '',
      status: p.status,
      total_amount: total,
      transaction_uuid: p.transactionUuid,
      product_code: p.productCode,
      signed_field_names: ESEWA_SUCCESS_SIGNED_FIELDS,
    };
    const signature = esewaSignature(values, ESEWA_SUCCESS_SIGNED_FIELDS.split(','), secretKey);
    // Written by hand so `total_amount` can be the literal 1000.0, which JSON.stringify cannot produce.
    const totalLiteral = totalAs === 'number' ? total : JSON.stringify(total);
    const json =
      `{"transaction_code":${JSON.stringify(values['transaction_code'])},"status":${JSON.stringify(p.status)},` +
      `"total_amount":${totalLiteral},"transaction_uuid":${JSON.stringify(p.transactionUuid)},` +
      `"product_code":${JSON.stringify(p.productCode)},"signed_field_names":${JSON.stringify(ESEWA_SUCCESS_SIGNED_FIELDS)},` +
      `"signature":${JSON.stringify(signature)}}`;
    return appendQuery(p.successUrl, [['data', Buffer.from(json, 'utf8').toString('base64')]]);
  }

  function log(ctx: Koa.Context, form?: Record<string, string>): void {
    requestLog.push({
      at: now().toISOString(),
      method: ctx.method,
      path: ctx.path,
      query: Object.fromEntries(new URLSearchParams(ctx.querystring)),
      headers: headersOf(ctx.req),
      ...(form !== undefined && { form }),
      status: ctx.status,
    });
  }

  return {
    ...base,
    productCode,
    secretKey,
    sessionSeconds,
    payments,
    sessions,
    current,
    existing,
    markComplete,
    payable,
    successUrl,
    log,
  };
}

/** "100", "100.0", "99.50" → paisa; undefined for anything else (or a third non-zero decimal). */
export function rupeesToPaisa(value: string): number | undefined {
  const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(value.trim());
  if (m?.[1] === undefined) return undefined;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) return undefined;
  return Number(m[1]) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Paisa → rupees the way eSewa's Java writes a double: `1000.0`, `99.5`, `12.34`. */
export function javaDouble(paisa: number): string {
  const fraction = String(paisa % 100)
    .padStart(2, '0')
    .replace(/0$/, '');
  return `${Math.trunc(paisa / 100)}.${fraction === '' ? '0' : fraction}`;
}

/** Seven upper-case characters, the shape of eSewa's `ref_id` (`0001TS9`). */
const newRef = (): string => randomString(7, UPPER_ALNUM);

export function snapshot(p: PaymentRecord): EsewaSandboxPayment {
  const { session: _session, ...rest } = p;
  return structuredClone({ ...rest, createdAt: p.createdAt.toISOString(), expiresAt: p.expiresAt.toISOString() });
}
