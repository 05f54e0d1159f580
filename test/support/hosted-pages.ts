/** Acts as the shopper's browser on a gateway sandbox's pages: reads a form and submits it, stopping at redirects. */

export interface HtmlForm {
  readonly action: string;
  readonly method: string;
  readonly fields: URLSearchParams;
}

const unescapeHtml = (s: string): string =>
  s
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m?.[1] === undefined ? undefined : unescapeHtml(m[1]);
}

/** The form `#formId` of the page: where it goes, how, and its inputs' (and selected options') values. */
export function readForm(html: string, formId: string): HtmlForm {
  const m = new RegExp(`(<form\\b[^>]*\\bid="${formId}"[^>]*>)([\\s\\S]*?)</form>`).exec(html);
  if (m?.[1] === undefined || m[2] === undefined) throw new Error(`no form #${formId} on the page`);
  const action = attribute(m[1], 'action');
  if (action === undefined) throw new Error(`form #${formId} has no action`);
  const fields = new URLSearchParams();
  for (const input of m[2].matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(input[0], 'name');
    if (name !== undefined) fields.append(name, attribute(input[0], 'value') ?? '');
  }
  for (const select of m[2].matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected/.exec(select[2] ?? '');
    if (select[1] !== undefined && selected?.[1] !== undefined) fields.append(select[1], unescapeHtml(selected[1]));
  }
  return { action, method: (attribute(m[1], 'method') ?? 'get').toUpperCase(), fields };
}

/** Submits like a browser would (with `overrides` typed over the fields), but stops at the redirect so the test can read `Location`. */
export function submit(form: HtmlForm, overrides: Readonly<Record<string, string>> = {}): Promise<Response> {
  const fields = new URLSearchParams(form.fields);
  for (const [k, v] of Object.entries(overrides)) fields.set(k, v);
  return fetch(form.action, { method: form.method, body: fields, redirect: 'manual' });
}

/** Opens the page at `pageUrl` and presses the button of its form `#formId`. */
export async function pressButton(pageUrl: string, formId: string, overrides?: Readonly<Record<string, string>>): Promise<Response> {
  const page = await fetch(pageUrl);
  if (page.status !== 200) throw new Error(`${pageUrl} answered ${page.status}`);
  return submit(readForm(await page.text(), formId), overrides);
}
