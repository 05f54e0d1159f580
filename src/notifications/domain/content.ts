import { assertNever } from '../../shared/assert-never.js';
import type { MessageLine, ShopEvent } from './events.js';
import { formatCount, formatMoney } from './format-money.js';
import type { Audience } from './messages.js';

/** What one message says, before it is laid out as text, HTML or a WhatsApp template. */
export interface MessageContent {
  readonly subject: string;
  readonly heading: string;
  /** Paragraphs of plain text, in order. */
  readonly paragraphs: readonly string[];
  /** Label and value pairs shown as a small table. */
  readonly facts: readonly (readonly [string, string])[];
  /** An order's lines with their totals. */
  readonly lines?: readonly MessageLine[];
  /** The WhatsApp template's body parameters, in order (the template is named after the event). */
  readonly whatsappParameters: readonly string[];
}

const CANCEL_REASONS: Readonly<Record<string, string>> = {
  payment_failed: 'the payment did not go through',
  payment_expired: 'the payment was not completed in time',
  payment_cancelled: 'the payment was cancelled',
  operator_cancelled: 'the shop cancelled it',
  out_of_stock: 'an item ran out of stock',
};

const PAYMENT_METHODS: Readonly<Record<string, string>> = {
  khalti: 'Khalti',
  esewa: 'eSewa',
  ikhokha: 'iKhokha',
  stripe: 'card (Stripe)',
  paypal: 'PayPal',
  razorpay: 'Razorpay',
  wallet: 'your wallet',
  bank_transfer: 'bank transfer',
  cash_on_delivery: 'cash on delivery',
};

/** A machine word (`payment_failed`) as words, for a reason nobody gave a phrase to. */
const words = (code: string): string => code.replace(/[_-]+/g, ' ').trim();
const reasonText = (reason: string): string => CANCEL_REASONS[reason] ?? words(reason);
const methodText = (method: string): string => PAYMENT_METHODS[method] ?? words(method);

/** The content of `event`'s message to `audience`; `shopName` opens every WhatsApp template. */
export function contentFor(event: ShopEvent, audience: Audience, shopName: string): MessageContent {
  switch (event.type) {
    case 'order_confirmed': {
      const total = formatMoney(event.total);
      const facts: [string, string][] = [
        ['Order', event.orderId],
        ['Total', total],
        ['Paid with', methodText(event.paidWith)],
      ];
      const parameters = [shopName, event.orderId, total];
      if (audience === 'staff') {
        return {
          subject: `New order ${event.orderId}: ${total}`,
          heading: `New order ${event.orderId}`,
          paragraphs: [`Customer ${event.customerId} placed order ${event.orderId} for ${total}, paid with ${methodText(event.paidWith)}.`],
          facts: [...facts, ['Customer', event.customerId]],
          lines: event.lines,
          whatsappParameters: parameters,
        };
      }
      return {
        subject: `Order ${event.orderId} confirmed`,
        heading: 'Thank you for your order',
        paragraphs: [`Your order ${event.orderId} is confirmed and paid. We will tell you when it ships.`],
        facts,
        lines: event.lines,
        whatsappParameters: parameters,
      };
    }
    case 'order_cancelled': {
      const reason = reasonText(event.reason);
      return {
        subject: `Order ${event.orderId} cancelled`,
        heading: 'Your order was cancelled',
        paragraphs: [`Your order ${event.orderId} was cancelled: ${reason}.`, 'If any money was taken for it, it will be returned to you.'],
        facts: [
          ['Order', event.orderId],
          ['Total', formatMoney(event.total)],
        ],
        whatsappParameters: [shopName, event.orderId, reason],
      };
    }
    case 'manual_payment_instructions': {
      const total = formatMoney(event.total);
      const method = methodText(event.method);
      const how =
        event.method === 'bank_transfer'
          ? `Please transfer ${total} and quote the reference ${event.reference}; the order is confirmed once the transfer arrives.`
          : `Please have ${total} ready when the order is delivered.`;
      return {
        subject: `Order ${event.orderId}: how to pay by ${method}`,
        heading: `Paying by ${method}`,
        paragraphs: [`Your order ${event.orderId} is waiting for payment.`, how],
        facts: [
          ['Order', event.orderId],
          ['Amount', total],
          ['Reference', event.reference],
        ],
        whatsappParameters: [shopName, event.orderId, total, method, event.reference],
      };
    }
    case 'refunded_to_wallet': {
      const amount = formatMoney(event.amount);
      return {
        subject: `${amount} credited to your wallet`,
        heading: 'Your payment was credited to your wallet',
        paragraphs: [`We could not keep order ${event.orderId} (${reasonText(event.reason)}), so the ${amount} you paid is now in your wallet.`],
        facts: [
          ['Order', event.orderId],
          ['Credited', amount],
        ],
        whatsappParameters: [shopName, event.orderId, amount],
      };
    }
    case 'refund_completed': {
      const amount = formatMoney(event.amount);
      const destination = event.destination === 'wallet' ? 'your wallet' : methodText(event.destination);
      return {
        subject: `Refund of ${amount} for order ${event.orderId}`,
        heading: 'Your refund is on its way',
        paragraphs: [`We refunded ${amount} for order ${event.orderId} to ${destination}.`],
        facts: [
          ['Order', event.orderId],
          ['Refund', event.refundId],
          ['Amount', amount],
          ['To', destination],
        ],
        whatsappParameters: [shopName, event.orderId, amount, destination],
      };
    }
    case 'wallet_topped_up': {
      const amount = formatMoney(event.amount);
      return {
        subject: `${amount} added to your wallet`,
        heading: 'Your wallet was topped up',
        paragraphs: [`${amount} was added to your wallet.`],
        facts: [
          ['Top-up', event.topUpId],
          ['Amount', amount],
        ],
        whatsappParameters: [shopName, amount],
      };
    }
    case 'order_shipped':
      return {
        subject: `Order ${event.orderId} has shipped`,
        heading: 'Your order is on its way',
        paragraphs: [`Order ${event.orderId} left with ${event.carrier}. Its tracking number is ${event.trackingNumber}.`],
        facts: [
          ['Order', event.orderId],
          ['Carrier', event.carrier],
          ['Tracking number', event.trackingNumber],
        ],
        whatsappParameters: [shopName, event.orderId, event.carrier, event.trackingNumber],
      };
    case 'order_delivered':
      return {
        subject: `Order ${event.orderId} delivered`,
        heading: 'Your order was delivered',
        paragraphs: [`Order ${event.orderId} was delivered. We hope you enjoy it.`],
        facts: [['Order', event.orderId]],
        whatsappParameters: [shopName, event.orderId],
      };
    case 'points_earned': {
      const points = formatCount(event.points);
      return {
        subject: `You earned ${points} points`,
        heading: `${points} points for you`,
        paragraphs: [`Order ${event.orderId} earned you ${points} loyalty points.`, 'You can stop these messages in your notification settings.'],
        facts: [
          ['Order', event.orderId],
          ['Points', points],
        ],
        whatsappParameters: [shopName, points, event.orderId],
      };
    }
    case 'low_stock':
      return {
        subject: `Low stock: ${event.name} (${event.sku})`,
        heading: 'Stock is running low',
        paragraphs: [
          `Order ${event.orderId} brought ${event.name} (${event.sku}) down to ${formatCount(event.available)}, at or below its threshold of ${formatCount(event.threshold)}.`,
        ],
        facts: [
          ['SKU', event.sku],
          ['Product', event.name],
          ['Available', formatCount(event.available)],
          ['Threshold', formatCount(event.threshold)],
          ['Order', event.orderId],
        ],
        whatsappParameters: [shopName, event.sku, event.name, formatCount(event.available), formatCount(event.threshold)],
      };
    case 'checkout_needs_attention':
      return {
        subject: `Checkout ${event.orderId} needs attention: ${event.code}`,
        heading: 'A checkout needs a decision',
        paragraphs: [`The checkout of order ${event.orderId} stopped and waits for an operator: ${event.message}`],
        facts: [
          ['Order', event.orderId],
          ['Customer', event.customerId],
          ['Code', event.code],
        ],
        whatsappParameters: [shopName, event.orderId, event.code],
      };
    default:
      return assertNever(event, 'shop event');
  }
}
