import { type CaptureRecord, isoSeconds, type OrderRecord, type RefundRecord } from './records.js';
import { PAYPAL_SANDBOX_BUYER } from './types.js';

/** Orders, captures and refunds as PayPal's REST API renders them, in PayPal's field order, with their HATEOAS links. */
export function paypalRepresentations(publicBaseUrl: string): {
  orderJson(o: OrderRecord, full: boolean): Record<string, unknown>;
  captureJson(o: OrderRecord, c: CaptureRecord, withRelatedIds: boolean): Record<string, unknown>;
  refundJson(c: CaptureRecord, r: RefundRecord): Record<string, unknown>;
} {
  const orderHref = (id: string) => `${publicBaseUrl}/v2/checkout/orders/${id}`;
  const captureHref = (id: string) => `${publicBaseUrl}/v2/payments/captures/${id}`;
  const approveHref = (id: string) => `${publicBaseUrl}/checkoutnow?token=${id}`;

  function orderLinks(o: OrderRecord): unknown[] {
    const self = { href: orderHref(o.id), rel: 'self', method: 'GET' };
    switch (o.status) {
      case 'CREATED':
        return [
          self,
          { href: approveHref(o.id), rel: 'approve', method: 'GET' },
          { href: orderHref(o.id), rel: 'update', method: 'PATCH' },
          { href: `${orderHref(o.id)}/capture`, rel: 'capture', method: 'POST' },
        ];
      case 'PAYER_ACTION_REQUIRED':
        return [self, { href: approveHref(o.id), rel: 'payer-action', method: 'GET' }];
      case 'APPROVED':
        return [self, { href: orderHref(o.id), rel: 'update', method: 'PATCH' }, { href: `${orderHref(o.id)}/capture`, rel: 'capture', method: 'POST' }];
      default:
        return [self];
    }
  }

  function captureJson(o: OrderRecord, c: CaptureRecord, withRelatedIds: boolean): Record<string, unknown> {
    return {
      id: c.id,
      status: c.status,
      ...(c.status === 'PENDING' && { status_details: { reason: 'PENDING_REVIEW' } }),
      amount: c.amount,
      final_capture: true,
      seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
      ...(o.customId !== undefined && { custom_id: o.customId }),
      links: [
        { href: captureHref(c.id), rel: 'self', method: 'GET' },
        { href: `${captureHref(c.id)}/refund`, rel: 'refund', method: 'POST' },
        { href: orderHref(o.id), rel: 'up', method: 'GET' },
      ],
      create_time: isoSeconds(c.createdAt),
      update_time: isoSeconds(c.updatedAt),
      ...(withRelatedIds && { supplementary_data: { related_ids: { order_id: o.id } } }),
    };
  }

  function refundJson(c: CaptureRecord, r: RefundRecord): Record<string, unknown> {
    return {
      id: r.id,
      status: r.status,
      amount: r.amount,
      ...(r.customId !== undefined && { custom_id: r.customId }),
      ...(r.noteToPayer !== undefined && { note_to_payer: r.noteToPayer }),
      links: [
        { href: `${publicBaseUrl}/v2/payments/refunds/${r.id}`, rel: 'self', method: 'GET' },
        { href: captureHref(c.id), rel: 'up', method: 'GET' },
      ],
      create_time: isoSeconds(r.createdAt),
      update_time: isoSeconds(r.updatedAt),
    };
  }

  function orderJson(o: OrderRecord, full: boolean): Record<string, unknown> {
    const paymentSource =
      o.payer !== undefined
        ? {
            paypal: {
              email_address: o.payer.email,
              account_id: o.payer.payerId,
              account_status: 'VERIFIED',
              name: { given_name: PAYPAL_SANDBOX_BUYER.givenName, surname: PAYPAL_SANDBOX_BUYER.surname },
            },
          }
        : o.withPaymentSource
          ? { paypal: {} }
          : undefined;
    if (!full) return { id: o.id, status: o.status, ...(paymentSource !== undefined && { payment_source: paymentSource }), links: orderLinks(o) };
    const c = o.capture;
    return {
      id: o.id,
      intent: 'CAPTURE',
      status: o.status,
      ...(paymentSource !== undefined && { payment_source: paymentSource }),
      purchase_units: [
        {
          reference_id: o.referenceId,
          amount: o.amount,
          payee: { email_address: 'merchant@business.example.com', merchant_id: 'SANDBOXMERCH7' },
          ...(o.description !== undefined && { description: o.description }),
          ...(o.customId !== undefined && { custom_id: o.customId }),
          ...(c !== undefined && {
            payments: {
              captures: [captureJson(o, c, false)],
              ...(c.refunds.length > 0 && { refunds: c.refunds.map((r) => refundJson(c, r)) }),
            },
          }),
        },
      ],
      ...(o.payer !== undefined && {
        payer: { name: { given_name: PAYPAL_SANDBOX_BUYER.givenName, surname: PAYPAL_SANDBOX_BUYER.surname }, email_address: o.payer.email, payer_id: o.payer.payerId },
      }),
      create_time: isoSeconds(o.createdAt),
      ...(o.updatedAt.getTime() !== o.createdAt.getTime() && { update_time: isoSeconds(o.updatedAt) }),
      links: orderLinks(o),
    };
  }

  return { orderJson, captureJson, refundJson };
}
