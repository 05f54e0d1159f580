import type { ShopEventType } from './events.js';

/** A WhatsApp message template as the shop registers it with Meta: its category, language and body parameter count. */
export interface WhatsAppTemplateSpec {
  readonly category: 'UTILITY' | 'MARKETING';
  readonly language: string;
  /** How many `{{n}}` placeholders its body has; a send must fill exactly these. */
  readonly parameters: number;
  /** The body as registered, `{{1}}`… standing for the parameters in order. */
  readonly body: string;
}

/** The language every template is registered in. */
export const WHATSAPP_LANGUAGE = 'en';

/**
 * The templates the shop's WhatsApp Business account must have approved, one per event, named
 * after it. The sandbox refuses a send that names another template or fills another number of
 * parameters, as Meta does.
 */
export const WHATSAPP_TEMPLATES: Readonly<Record<ShopEventType, WhatsAppTemplateSpec>> = Object.freeze({
  order_confirmed: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 3, body: '{{1}}: your order {{2}} is confirmed. Total {{3}}.' },
  order_cancelled: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 3, body: '{{1}}: your order {{2}} was cancelled: {{3}}.' },
  manual_payment_instructions: {
    category: 'UTILITY',
    language: WHATSAPP_LANGUAGE,
    parameters: 5,
    body: '{{1}}: order {{2}} is waiting for your payment of {{3}} by {{4}}. Quote the reference {{5}}.',
  },
  refunded_to_wallet: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 3, body: '{{1}}: {{3}} for order {{2}} was credited to your wallet.' },
  refund_completed: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 4, body: '{{1}}: your refund of {{3}} for order {{2}} was sent to {{4}}.' },
  wallet_topped_up: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 2, body: '{{1}}: {{2}} was added to your wallet.' },
  order_shipped: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 4, body: '{{1}}: order {{2}} is on its way with {{3}}, tracking number {{4}}.' },
  order_delivered: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 2, body: '{{1}}: order {{2}} was delivered.' },
  points_earned: { category: 'MARKETING', language: WHATSAPP_LANGUAGE, parameters: 3, body: '{{1}}: you earned {{2}} points with order {{3}}.' },
  low_stock: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 5, body: '{{1}}: {{3}} ({{2}}) is low: {{4}} left, threshold {{5}}.' },
  checkout_needs_attention: { category: 'UTILITY', language: WHATSAPP_LANGUAGE, parameters: 3, body: '{{1}}: the checkout of order {{2}} needs attention ({{3}}).' },
});

/** Template name → how many body parameters it takes, for whoever checks a send. */
export const WHATSAPP_TEMPLATE_PARAMETERS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(Object.entries(WHATSAPP_TEMPLATES).map(([name, spec]) => [name, spec.parameters])),
);

/**
 * A parameter as WhatsApp accepts it: no newlines or tabs and no run of more than four spaces
 * (Meta refuses those with error 132018), so every run of white space becomes one space.
 */
export const whatsAppParameter = (value: string): string => value.replace(/\s+/g, ' ').trim();
