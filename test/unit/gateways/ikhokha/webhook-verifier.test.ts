import { describe, expect, it } from 'vitest';
import { ikhokhaSignature } from '../../../../adapters/gateways/ikhokha/client.js';
import { parseIkhokhaReturn, parseIkhokhaReturnClaims } from '../../../../adapters/gateways/ikhokha/return-parser.js';
import { IkhokhaWebhookVerifier } from '../../../../adapters/gateways/ikhokha/webhook-verifier.js';
import {
  IKHOKHA_FIXTURE_APP_ID as APP_ID,
  IKHOKHA_FIXTURE_APP_SECRET as SECRET,
  IKHOKHA_FIXTURE_CALLBACK_URL as CALLBACK_URL,
  IKHOKHA_FIXTURE_ORDER_ID as ORDER,
  IKHOKHA_FIXTURE_PAYLINK_ID as PAYLINK,
  IKHOKHA_VECTORS,
  ikhokhaFixture,
  ikhokhaRawFixture,
} from '../../../fixtures/ikhokha/load.js';

const verifier = (extra: Partial<ConstructorParameters<typeof IkhokhaWebhookVerifier>[0]> = {}) =>
  new IkhokhaWebhookVerifier({ appId: APP_ID, appSecret: SECRET, callbackUrl: CALLBACK_URL, ...extra });
const headers = (sign: string, appId: string = APP_ID) => ({ 'content-type': 'application/json', 'ik-appid': appId, 'ik-sign': sign });
const flipLast = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;
const returnQuery = (name: string) => ikhokhaFixture(name) as Record<string, string>;

describe('IkhokhaWebhookVerifier: raw-body scheme (the documented hypothesis)', () => {
  it('verifies the recorded SUCCESS callback and reports a claim about the paylink', async () => {
    const result = await verifier().verify(ikhokhaRawFixture('callback-success'), headers(IKHOKHA_VECTORS.callbackSuccessRaw));
    expect(result).toEqual({
      ok: true,
      value: {
        gateway: 'ikhokha',
        eventId: `${PAYLINK}:SUCCESS`,
        type: 'paylink.success',
        gatewayPaymentId: PAYLINK,
        claimedStatus: 'SUCCESS',
        externalTransactionId: ORDER,
        orderId: ORDER,
        responseCode: '00',
        signatureScheme: 'raw',
      },
    });
  });

  it('verifies FAILURE too, with a different event id than SUCCESS for the same paylink', async () => {
    const result = await verifier().verify(ikhokhaRawFixture('callback-failure'), headers(IKHOKHA_VECTORS.callbackFailureRaw));
    expect(result).toMatchObject({ ok: true, value: { eventId: `${PAYLINK}:FAILURE`, claimedStatus: 'FAILURE', type: 'paylink.failure' } });
  });

  it('finds headers whatever their case, and accepts an upper-case hex signature', async () => {
    const result = await verifier().verify(ikhokhaRawFixture('callback-success'), { 'IK-APPID': APP_ID, 'IK-SIGN': IKHOKHA_VECTORS.callbackSuccessRaw.toUpperCase() });
    expect(result.ok).toBe(true);
  });

  it('rejects a tampered body', async () => {
    const tampered = Buffer.from(ikhokhaRawFixture('callback-failure').toString().replace('FAILURE', 'SUCCESS'));
    const result = await verifier().verify(tampered, headers(IKHOKHA_VECTORS.callbackFailureRaw));
    expect(result).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('rejects a re-serialised body (pretty-printed, or keys reordered)', async () => {
    const parsed = ikhokhaFixture('callback-success') as Record<string, unknown>;
    const pretty = Buffer.from(JSON.stringify(parsed, null, 2));
    const { status, ...rest } = parsed;
    const reordered = Buffer.from(JSON.stringify({ status, ...rest }));
    for (const body of [pretty, reordered]) {
      expect(await verifier().verify(body, headers(IKHOKHA_VECTORS.callbackSuccessRaw))).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    }
  });

  it('rejects the wrong secret, a flipped signature, another callback path and another app id', async () => {
    const body = ikhokhaRawFixture('callback-success');
    const sign = IKHOKHA_VECTORS.callbackSuccessRaw;
    const refusals = [
      await verifier({ appSecret: 'another-secret' }).verify(body, headers(sign)),
      await verifier().verify(body, headers(flipLast(sign))),
      await verifier({ callbackUrl: 'https://shop.example/webhooks/other' }).verify(body, headers(sign)),
      await verifier().verify(body, headers(sign, 'IKAPPSOMEONEELSE')),
    ];
    for (const r of refusals) expect(r).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('rejects missing headers and a signature that is not hex SHA-256', async () => {
    const body = ikhokhaRawFixture('callback-success');
    expect(await verifier().verify(body, { 'ik-appid': APP_ID })).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    expect(await verifier().verify(body, { 'ik-sign': IKHOKHA_VECTORS.callbackSuccessRaw })).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    expect(await verifier().verify(body, headers(Buffer.from(IKHOKHA_VECTORS.callbackSuccessRaw, 'hex').toString('base64')))).toMatchObject({
      ok: false,
      error: { code: 'webhooks.invalid_signature' },
    });
  });

  it("signs the callback URL's path only: the host and query do not matter", async () => {
    const result = await verifier({ callbackUrl: 'http://127.0.0.1:9999/webhooks/ikhokha?x=1' }).verify(
      ikhokhaRawFixture('callback-success'),
      headers(IKHOKHA_VECTORS.callbackSuccessRaw),
    );
    expect(result.ok).toBe(true);
  });

  it('answers malformed for a genuine signature over a body that is not a callback', async () => {
    const notJson = Buffer.from('paylinkID=PL1');
    expect(await verifier().verify(notJson, headers(ikhokhaSignature(SECRET, '/webhooks/ikhokha', notJson)))).toMatchObject({ ok: false, error: { code: 'webhooks.malformed' } });
    const noPaylink = Buffer.from('{"status":"SUCCESS"}');
    expect(await verifier().verify(noPaylink, headers(ikhokhaSignature(SECRET, '/webhooks/ikhokha', noPaylink)))).toMatchObject({
      ok: false,
      error: { code: 'webhooks.malformed' },
    });
  });

  it('accepts an apostrophe signed with either escaping (Node/Go or C#)', async () => {
    const body = Buffer.from(`{"paylinkID":"${PAYLINK}","status":"FAILURE","text":"Card holder's bank declined"}`);
    for (const escaping of ['examples', 'no_apostrophe'] as const) {
      const sign = ikhokhaSignature(SECRET, '/webhooks/ikhokha', body, escaping);
      expect(await verifier({ schemes: ['raw'] }).verify(body, headers(sign))).toMatchObject({ ok: true, value: { signatureScheme: 'raw' } });
    }
  });
});

describe('IkhokhaWebhookVerifier: text-stripped scheme (the alternative third-party code uses)', () => {
  it('verifies a callback signed over the body without "text", re-serialised', async () => {
    const result = await verifier().verify(ikhokhaRawFixture('callback-success'), headers(IKHOKHA_VECTORS.callbackSuccessTextStripped));
    expect(result).toMatchObject({ ok: true, value: { gatewayPaymentId: PAYLINK, claimedStatus: 'SUCCESS', signatureScheme: 'text_stripped' } });
  });

  it('is refused when the verifier is limited to the raw scheme', async () => {
    const result = await verifier({ schemes: ['raw'] }).verify(ikhokhaRawFixture('callback-success'), headers(IKHOKHA_VECTORS.callbackSuccessTextStripped));
    expect(result).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('still rejects a tampered signed field (only "text" is outside the signature)', async () => {
    const parsed = ikhokhaFixture('callback-success') as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...parsed, paylinkID: 'PLforged000000000000000' }));
    expect(await verifier().verify(forged, headers(IKHOKHA_VECTORS.callbackSuccessTextStripped))).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    const keysReordered = Buffer.from(JSON.stringify({ status: parsed['status'], ...parsed }));
    expect(await verifier().verify(keysReordered, headers(IKHOKHA_VECTORS.callbackSuccessTextStripped))).toMatchObject({ ok: false });
  });

  it('is tried only when the body has a "text" field, so a raw-signed body without one cannot be re-serialised past it', async () => {
    const compact = ikhokhaRawFixture('callback-success-no-text');
    const sign = IKHOKHA_VECTORS.callbackSuccessTextStripped; // = raw signature of the compact body without text
    expect(await verifier().verify(compact, headers(sign))).toMatchObject({ ok: true, value: { signatureScheme: 'raw' } });
    const pretty = Buffer.from(JSON.stringify(JSON.parse(compact.toString()), null, 1));
    expect(await verifier().verify(pretty, headers(sign))).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('only the text-stripped scheme when configured so: the raw signature is then refused', async () => {
    const v = verifier({ schemes: ['text_stripped'] });
    expect(await v.verify(ikhokhaRawFixture('callback-success'), headers(IKHOKHA_VECTORS.callbackSuccessRaw))).toMatchObject({ ok: false });
    expect(await v.verify(ikhokhaRawFixture('callback-success'), headers(IKHOKHA_VECTORS.callbackSuccessTextStripped))).toMatchObject({ ok: true });
  });
});

describe('iKhokha browser return (unsigned)', () => {
  it('reads the outcome and our reference from the recorded return', () => {
    expect(parseIkhokhaReturnClaims(returnQuery('return-success'))).toEqual({
      ok: true,
      value: { outcome: 'success', externalTransactionId: ORDER, orderId: ORDER },
    });
    expect(parseIkhokhaReturnClaims(`?ikhokha_result=cancel&ikhokha_ref=${ORDER}`)).toMatchObject({ ok: true, value: { outcome: 'cancel' } });
    expect(parseIkhokhaReturnClaims(new URLSearchParams(returnQuery('return-cancel')))).toMatchObject({ ok: true, value: { outcome: 'cancel', orderId: ORDER } });
  });

  it('as a ReturnParser: reads a return that names no paylink as a hint about the order it claims', () => {
    expect(parseIkhokhaReturn(returnQuery('return-success'))).toEqual({
      ok: true,
      value: { gateway: 'ikhokha', claimedOrderId: ORDER, claimedStatus: 'success' },
    });
  });

  it('as a ReturnParser: accepts the return as a hint when a paylink id is appended', () => {
    expect(parseIkhokhaReturn({ ...returnQuery('return-success'), paylinkID: PAYLINK })).toEqual({
      ok: true,
      value: { gateway: 'ikhokha', gatewayPaymentId: PAYLINK, claimedOrderId: ORDER, claimedStatus: 'success' },
    });
    expect(parseIkhokhaReturn({ ...returnQuery('return-cancel'), paylink_id: PAYLINK })).toMatchObject({ ok: true, value: { claimedStatus: 'cancel' } });
  });

  it('refuses missing, unknown or repeated fields and contradictory paylink ids', () => {
    const invalid = (field: string) => ({ ok: false, error: { code: 'payments.invalid_callback', details: { field } } });
    expect(parseIkhokhaReturnClaims({ ikhokha_ref: ORDER })).toMatchObject(invalid('ikhokha_result'));
    expect(parseIkhokhaReturnClaims({ ikhokha_result: 'paid', ikhokha_ref: ORDER })).toMatchObject(invalid('ikhokha_result'));
    expect(parseIkhokhaReturnClaims({ ikhokha_result: 'success' })).toMatchObject(invalid('ikhokha_ref'));
    expect(parseIkhokhaReturnClaims({ ikhokha_result: ['success', 'cancel'], ikhokha_ref: ORDER })).toMatchObject(invalid('ikhokha_result'));
    expect(parseIkhokhaReturnClaims({ ...returnQuery('return-success'), paylinkID: 'PL<script>' })).toMatchObject(invalid('paylinkID'));
    expect(parseIkhokhaReturnClaims({ ...returnQuery('return-success'), paylinkID: 'PLa', paylinkId: 'PLb' })).toMatchObject(invalid('paylinkId'));
  });
});
