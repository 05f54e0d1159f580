import { escapeHtml } from '../../shared/html.js';
import type { MessageContent } from './content.js';
import { formatCount, formatMoney } from './format-money.js';

/** Laying a message's content out as plain text and as a small inline-styled HTML page. */

export interface ShopIdentity {
  readonly shopName: string;
  /** Where the shop is, linked from the footer when given. */
  readonly publicBaseUrl?: string;
}

export function layoutText(content: MessageContent, shop: ShopIdentity): string {
  const out: string[] = [content.heading, '', ...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.lines !== undefined && content.lines.length > 0) {
    for (const line of content.lines) out.push(`  ${formatCount(line.quantity)} x ${line.name}  ${formatMoney(line.lineTotal)}`);
    out.push('');
  }
  for (const [label, value] of content.facts) out.push(`${label}: ${value}`);
  out.push('', '--', shop.shopName);
  if (shop.publicBaseUrl !== undefined) out.push(shop.publicBaseUrl);
  return `${out.join('\n')}\n`;
}

const CELL = 'padding:4px 8px;border-bottom:1px solid #eee;';

export function layoutHtml(content: MessageContent, shop: ShopIdentity): string {
  const e = escapeHtml;
  const paragraphs = content.paragraphs.map((p) => `<p style="margin:0 0 12px;">${e(p)}</p>`).join('');
  const lines =
    content.lines === undefined || content.lines.length === 0
      ? ''
      : `<table style="width:100%;border-collapse:collapse;margin:0 0 12px;">${content.lines
          .map(
            (l) =>
              `<tr><td style="${CELL}">${e(formatCount(l.quantity))} &#215;</td><td style="${CELL}">${e(l.name)}</td><td style="${CELL}text-align:right;">${e(formatMoney(l.lineTotal))}</td></tr>`,
          )
          .join('')}</table>`;
  const facts = `<table style="border-collapse:collapse;margin:0 0 12px;">${content.facts
    .map(([label, value]) => `<tr><th style="${CELL}text-align:left;color:#555;font-weight:normal;">${e(label)}</th><td style="${CELL}">${e(value)}</td></tr>`)
    .join('')}</table>`;
  const shopLink = shop.publicBaseUrl === undefined ? e(shop.shopName) : `<a href="${e(shop.publicBaseUrl)}" style="color:#555;">${e(shop.shopName)}</a>`;
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${e(content.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#111;">',
    '<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;">',
    `<div style="font-size:14px;color:#555;margin:0 0 16px;">${e(shop.shopName)}</div>`,
    `<h1 style="font-size:20px;margin:0 0 16px;">${e(content.heading)}</h1>`,
    paragraphs,
    lines,
    facts,
    `<div style="font-size:12px;color:#888;margin-top:24px;">${shopLink}</div>`,
    '</div></body></html>',
    '',
  ].join('\n');
}
