import { describe, expect, it } from 'vitest';
import type { ShopEvent, ShopEventType } from '../../../src/notifications/domain/events.js';
import { STAFF_COPY_EVENTS, STAFF_ONLY_EVENTS } from '../../../src/notifications/domain/events.js';
import type { Audience } from '../../../src/notifications/domain/messages.js';
import { renderNotification, WHATSAPP_TEMPLATE_PARAMETERS, WHATSAPP_TEMPLATES } from '../../../src/notifications/domain/templates.js';
import type { RenderedNotification } from '../../../src/notifications/ports/channels.js';
import { money } from '../../../src/shared/money.js';
import { npr } from '../../support/mothers/money.js';

const EVENTS: Readonly<Record<ShopEventType, ShopEvent>> = {
  order_confirmed: {
    type: 'order_confirmed',
    orderId: 'ord_1',
    customerId: 'cus_1',
    total: npr(123450),
    lines: [
      { name: 'Tea', quantity: 2, lineTotal: npr(100000) },
      { name: 'Mug', quantity: 1, lineTotal: npr(23450) },
    ],
    paidWith: 'khalti',
  },
  order_cancelled: { type: 'order_cancelled', orderId: 'ord_1', customerId: 'cus_1', total: npr(123450), reason: 'payment_expired' },
  manual_payment_instructions: { type: 'manual_payment_instructions', orderId: 'ord_1', customerId: 'cus_1', total: npr(50000), method: 'bank_transfer', reference: 'ord_1' },
  refunded_to_wallet: { type: 'refunded_to_wallet', orderId: 'ord_1', customerId: 'cus_1', amount: npr(123450), reason: 'out_of_stock' },
  refund_completed: { type: 'refund_completed', orderId: 'ord_1', customerId: 'cus_1', refundId: 'ref_1', amount: npr(1000), destination: 'esewa' },
  wallet_topped_up: { type: 'wallet_topped_up', topUpId: 'top_1', customerId: 'cus_1', amount: npr(200000) },
  order_shipped: { type: 'order_shipped', orderId: 'ord_1', customerId: 'cus_1', carrier: 'Nepal Post', trackingNumber: 'NP123' },
  order_delivered: { type: 'order_delivered', orderId: 'ord_1', customerId: 'cus_1' },
  points_earned: { type: 'points_earned', orderId: 'ord_1', customerId: 'cus_1', points: 12500 },
  low_stock: { type: 'low_stock', orderId: 'ord_1', sku: 'TEA-1', name: 'Tea', available: 2, threshold: 5 },
  checkout_needs_attention: { type: 'checkout_needs_attention', orderId: 'ord_1', customerId: 'cus_1', code: 'payments.amount_mismatch', message: 'paid 10 less' },
};

const audienceOf = (type: ShopEventType): Audience => (STAFF_ONLY_EVENTS.includes(type) ? 'staff' : 'shopper');
const shop = { shopName: 'Himal Tea', publicBaseUrl: 'https://shop.example' };

function render(event: ShopEvent, audience: Audience = audienceOf(event.type), channel: 'email' | 'whatsapp' = 'email'): RenderedNotification {
  return renderNotification({ id: 'ntf_1', messageId: '<ntf_1.1@shop.example>', channel, recipient: 'a@b.example', audience, orderId: 'ord_1', event }, shop);
}

describe('renderNotification', () => {
  it.each(Object.values(EVENTS))('renders $type for its audience, with a template the catalogue knows', (event) => {
    const r = render(event);
    expect(r.subject.length).toBeGreaterThan(0);
    expect(r.text).toContain('Himal Tea');
    expect(r.html).toContain('Himal Tea');
    expect(r.html).toMatch(/^<!doctype html>/);
    expect(r.whatsapp.template).toBe(event.type);
    expect(r.whatsapp.parameters).toHaveLength(WHATSAPP_TEMPLATE_PARAMETERS[event.type]!);
    expect(r.whatsapp.parameters[0]).toBe('Himal Tea');
    expect(r.whatsapp.language).toBe('en');
    expect({ id: r.id, messageId: r.messageId, orderId: r.orderId, recipient: r.recipient }).toEqual({
      id: 'ntf_1',
      messageId: '<ntf_1.1@shop.example>',
      orderId: 'ord_1',
      recipient: 'a@b.example',
    });
  });

  it('covers every event type in the template catalogue', () => {
    expect(Object.keys(WHATSAPP_TEMPLATES).sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('tells the shopper their order is confirmed, with its lines and formatted total', () => {
    const r = render(EVENTS.order_confirmed);
    expect(r.subject).toBe('Order ord_1 confirmed');
    expect(r.text).toContain('Total: NPR 1,234.50');
    expect(r.text).toContain('2 x Tea  NPR 1,000.00');
    expect(r.text).toContain('Paid with: Khalti');
    expect(r.html).toContain('NPR 234.50');
    expect(r.whatsapp.parameters).toEqual(['Himal Tea', 'ord_1', 'NPR 1,234.50']);
  });

  it('gives staff a copy of a confirmed order that reads as a new order', () => {
    expect(STAFF_COPY_EVENTS).toContain('order_confirmed');
    const r = render(EVENTS.order_confirmed, 'staff');
    expect(r.subject).toMatch(/^New order ord_1/);
    expect(r.text).toContain('Customer: cus_1');
    expect(render(EVENTS.order_confirmed, 'shopper').subject).not.toMatch(/New order/);
  });

  it('says why an order was cancelled in words', () => {
    expect(render(EVENTS.order_cancelled).text).toContain('the payment was not completed in time');
    expect(render({ ...EVENTS.order_cancelled, reason: 'fraud_suspected' } as ShopEvent).text).toContain('fraud suspected');
  });

  it('tells a bank-transfer shopper the reference and a cash-on-delivery shopper to have the money ready', () => {
    expect(render(EVENTS.manual_payment_instructions).text).toContain('quote the reference ord_1');
    const cod = render({ ...EVENTS.manual_payment_instructions, method: 'cash_on_delivery' } as ShopEvent);
    expect(cod.text).toContain('have NPR 500.00 ready');
    expect(cod.whatsapp.parameters).toEqual(['Himal Tea', 'ord_1', 'NPR 500.00', 'cash on delivery', 'ord_1']);
  });

  it('tells staff what is low and what needs attention', () => {
    expect(render(EVENTS.low_stock).subject).toBe('Low stock: Tea (TEA-1)');
    expect(render(EVENTS.low_stock).whatsapp.parameters).toEqual(['Himal Tea', 'TEA-1', 'Tea', '2', '5']);
    expect(render(EVENTS.checkout_needs_attention).text).toContain('paid 10 less');
  });

  it('formats amounts in the event currency with its ISO exponent', () => {
    expect(render({ type: 'wallet_topped_up', topUpId: 't', customerId: 'c', amount: money(1200, 'JPY') }).subject).toBe('JPY 1,200 added to your wallet');
    expect(render({ type: 'wallet_topped_up', topUpId: 't', customerId: 'c', amount: money(1250, 'BHD') }).subject).toBe('BHD 1.250 added to your wallet');
  });

  it('has a marketing template for points earned, and utility ones for everything else', () => {
    expect(WHATSAPP_TEMPLATES.points_earned.category).toBe('MARKETING');
    expect(render(EVENTS.points_earned).whatsapp.parameters).toEqual(['Himal Tea', '12,500', 'ord_1']);
    const others = Object.entries(WHATSAPP_TEMPLATES).filter(([name]) => name !== 'points_earned');
    expect(others.every(([, spec]) => spec.category === 'UTILITY')).toBe(true);
  });

  it('escapes every value in the HTML and keeps it intact in the text', () => {
    const hostile = '<script>alert("x")</script> & \'co\'';
    const event: ShopEvent = { ...EVENTS.order_confirmed, orderId: '<b>ord</b>', lines: [{ name: hostile, quantity: 1, lineTotal: npr(100) }] } as ShopEvent;
    const r = renderNotification(
      { id: 'n', messageId: 'm', channel: 'email', recipient: 'a@b.example', audience: 'shopper', event },
      { shopName: 'Tea <Shop>', publicBaseUrl: 'https://shop.example/"onmouseover="x' },
    );
    expect(r.html).not.toContain('<script>');
    expect(r.html).not.toContain('<b>ord</b>');
    expect(r.html).not.toContain('Tea <Shop>');
    expect(r.html).not.toContain('"onmouseover');
    expect(r.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;co&#39;');
    expect(r.text).toContain(hostile);
    expect(r.text).toContain('Your order <b>ord</b> is confirmed');
    expect(r.subject).toBe('Order <b>ord</b> confirmed');
  });

  it('folds white space in WhatsApp parameters, which Meta refuses with newlines and tabs', () => {
    const r = render({ ...EVENTS.order_shipped, carrier: 'Nepal\n\tPost     Express' } as ShopEvent, 'shopper', 'whatsapp');
    expect(r.whatsapp.parameters[2]).toBe('Nepal Post Express');
  });

  it('leaves orderId out when the message has none', () => {
    const r = renderNotification({ id: 'n', messageId: 'm', channel: 'email', recipient: 'a@b.example', audience: 'shopper', event: EVENTS.wallet_topped_up }, { shopName: 'S' });
    expect('orderId' in r).toBe(false);
    expect(r.text).not.toContain('https://');
  });
});
