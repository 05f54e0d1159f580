/** Acts as the shopper's browser: posts the merchant's signed form to eSewa and works the hosted page. */

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
  return { action, method: (attribute(m[1], 'method') ?? 'get').toUpperCase(), fields };
}

/** Submits like a browser would, but stops at the redirect so the test can read `Location`. */
export function submit(form: HtmlForm, overrides: Readonly<Record<string, string>> = {}): Promise<Response> {
  const fields = new URLSearchParams(form.fields);
  for (const [k, v] of Object.entries(overrides)) fields.set(k, v);
  return fetch(form.action, { method: form.method, body: fields, redirect: 'manual' });
}

/** POSTs the signed form (as the storefront's auto-submitting form would) and stops at eSewa's answer. */
export function postForm(url: string, fields: Readonly<Record<string, string>>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

/** Posts the form, follows eSewa to its hosted page, and returns the page's HTML. */
export async function openHostedPage(url: string, fields: Readonly<Record<string, string>>): Promise<string> {
  const posted = await postForm(url, fields);
  if (posted.status !== 303) throw new Error(`form POST answered ${posted.status}: ${await posted.text()}`);
  const page = await fetch(posted.headers.get('location') ?? '');
  if (page.status !== 200) throw new Error(`hosted page answered ${page.status}`);
  return page.text();
}

/** Posts the form, then presses Pay or Cancel on the hosted page; returns eSewa's redirect back to the merchant. */
export async function payOrCancel(
  url: string,
  fields: Readonly<Record<string, string>>,
  formId: 'pay-form' | 'cancel-form',
  overrides?: Readonly<Record<string, string>>,
): Promise<Response> {
  return submit(readForm(await openHostedPage(url, fields), formId), overrides);
}
