/** Acts as the shopper's browser: posts the merchant's signed form to eSewa and works the hosted page. */
import { readForm, submit } from '../../../support/hosted-pages.js';

export { type HtmlForm, readForm, submit } from '../../../support/hosted-pages.js';

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
