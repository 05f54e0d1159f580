/** Acts as the shopper's browser on the sandbox's hosted page: reads a form and submits it. */

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

/** Opens the hosted page and presses one of its buttons. */
export async function pressButton(paymentUrl: string, formId: 'pay-form' | 'cancel-form', overrides?: Readonly<Record<string, string>>): Promise<Response> {
  const page = await fetch(paymentUrl);
  if (page.status !== 200) throw new Error(`hosted page answered ${page.status}`);
  return submit(readForm(await page.text(), formId), overrides);
}
