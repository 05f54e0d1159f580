import { describe, expect, it } from 'vitest';
import { invalidCallbackOf } from '../../../support/gateway-errors.js';
import { createEsewaReturnParser, parseEsewaReturn, topLevelLiterals, verifyEsewaData } from '../../../../adapters/gateways/esewa/return-parser.js';
import { esewaSignature } from '../../../../adapters/gateways/esewa/client.js';
import { esewaData, esewaFixtureText, esewaSuccessQuery } from '../../../fixtures/esewa/load.js';

const OPTIONS = { secretKey: '8gBm/:&EnhH.1/q', productCode: 'EPAYTEST' } as const;
const UUID = 'ord-5F4fK9xQ2mT7vB1nR8sW3yZc';
const ORDER_ID = 'ord_4fK9xQ2mT7vB1nR8sW3yZc';
const NAMES = 'transaction_code,status,total_amount,transaction_uuid,product_code,signed_field_names';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function rejected(result: ReturnType<typeof parseEsewaReturn>, reason: string, field?: string): void {
  expect(invalidCallbackOf(result).details).toMatchObject({ reason, ...(field !== undefined && { field }) });
}

const genuine = {
  gateway: 'esewa',
  gatewayPaymentId: UUID,
  claimedOrderId: ORDER_ID,
  claimedStatus: 'COMPLETE',
  signed: true,
  claims: { transactionCode: '000AWEO', totalAmount: '1000.0' },
};

describe('eSewa success redirect (signed data)', () => {
  it('accepts the genuine redirect with total_amount as the string "1000.0"', () => {
    expect(parseEsewaReturn(esewaSuccessQuery('success-string-amount'), OPTIONS)).toEqual({ ok: true, value: genuine });
  });

  it('accepts total_amount as the bare number 1000.0, signing its literal text (JSON.parse would make it 1000)', () => {
    expect(JSON.parse(esewaFixtureText('success-number-amount'))).toMatchObject({ total_amount: 1000 });
    expect(parseEsewaReturn(esewaSuccessQuery('success-number-amount'), OPTIONS)).toEqual({ ok: true, value: genuine });
  });

  it('rejects a re-serialised body (JSON.parse then JSON.stringify turns 1000.0 into 1000)', () => {
    const reserialised = JSON.stringify(JSON.parse(esewaFixtureText('success-number-amount')));
    expect(reserialised).toContain('"total_amount":1000,');
    rejected(parseEsewaReturn({ data: b64(reserialised) }, OPTIONS), 'signature', 'signature');
  });

  it('rejects a tampered amount, status or uuid', () => {
    const text = esewaFixtureText('success-string-amount');
    for (const tampered of [
      text.replace('"1000.0"', '"10.0"'),
      text.replace('"COMPLETE"', '"COMPLETED"'),
      text.replace(UUID, 'ord-5FotherOrder'),
      text.replace('"000AWEO"', '"000AWEX"'),
    ]) {
      expect(tampered).not.toBe(text);
      rejected(parseEsewaReturn({ data: b64(tampered) }, OPTIONS), 'signature');
    }
  });

  it('rejects a genuine redirect checked with the wrong secret', () => {
    rejected(parseEsewaReturn(esewaSuccessQuery('success-string-amount'), { ...OPTIONS, secretKey: 'not-the-secret' }), 'signature');
  });

  it('rejects a validly signed answer for another merchant code', () => {
    rejected(parseEsewaReturn(esewaSuccessQuery('success-other-merchant'), OPTIONS), 'product_code', 'product_code');
  });

  it('rejects a payload whose signed_field_names leaves out the amount and uuid, even though its signature is valid', () => {
    rejected(parseEsewaReturn(esewaSuccessQuery('success-status-only'), OPTIONS), 'unsigned_field', 'signed_field_names');
  });

  it('rejects a trailing comma, a repeated name, or a signed field that is absent', () => {
    const text = esewaFixtureText('success-string-amount');
    const names = 'transaction_code,status,total_amount,transaction_uuid,product_code,signed_field_names';
    rejected(parseEsewaReturn({ data: b64(text.replace(names, `${names},`)) }, OPTIONS), 'malformed', 'signed_field_names');
    rejected(parseEsewaReturn({ data: b64(text.replace(names, `${names},status`)) }, OPTIONS), 'malformed', 'signed_field_names');
    rejected(parseEsewaReturn({ data: b64(text.replace(names, `${names},ref_id`)) }, OPTIONS), 'malformed', 'ref_id');
  });

  it('rejects a payload with a key twice (JSON.parse and the signature would read different values)', () => {
    const text = esewaFixtureText('success-string-amount').replace('"status":"COMPLETE"', '"status":"COMPLETE","total_amount":"1.0"');
    rejected(parseEsewaReturn({ data: b64(text) }, OPTIONS), 'malformed', 'data');
  });

  it('rejects data that is not base64 or not a JSON object', () => {
    rejected(parseEsewaReturn({ data: '%%%not-base64%%%' }, OPTIONS), 'malformed', 'data');
    rejected(parseEsewaReturn({ data: b64('[1,2]') }, OPTIONS), 'malformed', 'data');
    rejected(parseEsewaReturn({ data: b64('{"status":') }, OPTIONS), 'malformed', 'data');
    rejected(parseEsewaReturn({ data: '' }, OPTIONS), 'malformed', 'data');
    rejected(parseEsewaReturn({ data: [esewaData('success-string-amount'), esewaData('success-string-amount')] }, OPTIONS), 'malformed', 'data');
  });

  it('reads data whose "+" arrived as a space (an unencoded query value) and base64url', () => {
    // Base64 of ASCII JSON has "+" or "/" only where a "?", ">" or "~" falls on the third byte of a
    // group: three of each in an unsigned member guarantee both.
    const values = { transaction_code: '000AWEO', status: 'COMPLETE', total_amount: '1000.0', transaction_uuid: UUID, product_code: 'EPAYTEST', signed_field_names: NAMES };
    const text = JSON.stringify({ ...values, note: '???>>>', signature: esewaSignature(values, NAMES.split(','), OPTIONS.secretKey) });
    const data = b64(text);
    expect(data.includes('+') && data.includes('/')).toBe(true);
    const expected = { ok: true, value: genuine };
    expect(parseEsewaReturn(`data=${encodeURIComponent(data)}`, OPTIONS)).toEqual(expected);
    expect(parseEsewaReturn(`data=${data}`, OPTIONS)).toEqual(expected);
    expect(parseEsewaReturn({ data: data.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '') }, OPTIONS)).toEqual(expected);
  });

  it('reads data appended with a second "?" to a URL that already had a query', () => {
    const query = `?esewa_return=failure&transaction_uuid=${UUID}?data=${encodeURIComponent(esewaData('success-string-amount'))}`;
    expect(parseEsewaReturn(query, OPTIONS)).toEqual({ ok: true, value: genuine });
    const mismatch = `?esewa_return=failure&transaction_uuid=ord-5Fother?data=${encodeURIComponent(esewaData('success-string-amount'))}`;
    rejected(parseEsewaReturn(mismatch, OPTIONS), 'malformed', 'transaction_uuid');
  });

  it('verifies the data value on its own', () => {
    expect(verifyEsewaData(esewaData('success-number-amount'), OPTIONS)).toEqual({ ok: true, value: genuine });
  });
});

describe('eSewa failure redirect (unsigned)', () => {
  it('names the payment from our own marker; it is a hint, since PENDING lands there too', () => {
    expect(parseEsewaReturn(`esewa_return=failure&transaction_uuid=${UUID}`, OPTIONS)).toEqual({
      ok: true,
      value: { gateway: 'esewa', gatewayPaymentId: UUID, claimedOrderId: ORDER_ID, claimedStatus: 'FAILURE_OR_PENDING', signed: false, claims: {} },
    });
  });

  it('leaves claimedOrderId out for a uuid we did not make', () => {
    const result = parseEsewaReturn({ esewa_return: 'failure', transaction_uuid: '11-201-13' }, OPTIONS);
    expect(result).toMatchObject({ ok: true, value: { gatewayPaymentId: '11-201-13' } });
    expect(result.ok && 'claimedOrderId' in result.value).toBe(false);
  });

  it('rejects a return with neither data nor our marker, or a bad uuid', () => {
    rejected(parseEsewaReturn('', OPTIONS), 'malformed', 'data');
    rejected(parseEsewaReturn(`transaction_uuid=${UUID}`, OPTIONS), 'malformed', 'data');
    rejected(parseEsewaReturn('esewa_return=failure', OPTIONS), 'malformed', 'transaction_uuid');
    rejected(parseEsewaReturn('esewa_return=failure&transaction_uuid=a_b', OPTIONS), 'malformed', 'transaction_uuid');
    rejected(parseEsewaReturn(`esewa_return=failure&transaction_uuid=${UUID}&transaction_uuid=x`, OPTIONS), 'malformed', 'transaction_uuid');
  });
});

describe('createEsewaReturnParser', () => {
  it('binds the secret and product code for the HTTP edge (Koa query objects)', () => {
    const parse = createEsewaReturnParser(OPTIONS);
    expect(parse({ data: esewaData('success-string-amount') })).toMatchObject({ ok: true, value: { signed: true } });
    expect(createEsewaReturnParser({ ...OPTIONS, productCode: 'OTHER' })({ data: esewaData('success-string-amount') }).ok).toBe(false);
    expect(() => createEsewaReturnParser({ ...OPTIONS, secretKey: '' })).toThrow(/secret/);
  });
});

describe('topLevelLiterals', () => {
  it('keeps each top-level value as written', () => {
    const literals = topLevelLiterals('{ "a" : 1000.0 , "b":"x\\"y", "c":{"d":[1,"}"]}, "e":null, "f":-0.50 }');
    expect(Object.fromEntries([...(literals ?? new Map())].map(([k, v]) => [k, v.value]))).toEqual({
      a: '1000.0',
      b: 'x"y',
      c: '{"d":[1,"}"]}',
      e: 'null',
      f: '-0.50',
    });
    expect(topLevelLiterals('{}')?.size).toBe(0);
    expect(topLevelLiterals('"x"')).toBeUndefined();
  });
});
