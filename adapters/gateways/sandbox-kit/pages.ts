import type Koa from 'koa';
import { escapeHtml, sendHtml } from './http.js';

/** The hosted pages of the sandboxes: one card template, each gateway giving only its colours. */

/** The colours that make a sandbox's hosted page recognisably its gateway's. */
export interface SandboxPageTheme {
  /** Page background. */
  readonly background: string;
  /** Headings. */
  readonly accent: string;
  /** The primary button. */
  readonly button: string;
  /** Default `#fff`. */
  readonly buttonText?: string;
  /** Default `4px`; `999px` for a pill. */
  readonly buttonRadius?: string;
  /** The "sandbox" badge. Default `#fde68a`. */
  readonly badge?: string;
  /** Width of the card. Default `24rem`. */
  readonly width?: string;
}

/** A sandbox's hosted page: one card in the gateway's colours around `content` (already escaped markup). */
export function sandboxPage(theme: SandboxPageTheme, title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: ${theme.background}; margin: 0; padding: 2rem; }
  main { max-width: ${theme.width ?? '24rem'}; margin: auto; background: #fff; border-radius: 8px; padding: 1.5rem; box-shadow: 0 1px 4px #0002; }
  h1 { color: ${theme.accent}; font-size: 1.4rem; }
  .badge { display: inline-block; background: ${theme.badge ?? '#fde68a'}; padding: 0 .5rem; border-radius: 4px; font-size: .8rem; }
  dt { color: #666; font-size: .85rem; } dd { margin: 0 0 .75rem; font-weight: 600; word-break: break-all; }
  label { display: block; margin: .5rem 0; font-size: .9rem; } input, select { display: block; width: 100%; padding: .4rem; box-sizing: border-box; }
  button { width: 100%; padding: .6rem; margin-top: .75rem; border: 0; border-radius: ${theme.buttonRadius ?? '4px'}; background: ${theme.button}; color: ${theme.buttonText ?? '#fff'}; font-size: 1rem; cursor: pointer; }
  button.secondary { background: #e5e7eb; color: #111; }
  .error { color: #b91c1c; }
</style>
</head>
<body><main>
${content}
</main></body>
</html>
`;
}

/** A sandbox page saying what went wrong, with the status given. */
export function sendSandboxErrorPage(ctx: Koa.Context, theme: SandboxPageTheme, status: number, title: string, message: string): void {
  sendHtml(ctx, status, sandboxPage(theme, title, `<h1>${escapeHtml(title)}</h1><p class="error" id="error">${escapeHtml(message)}</p>`));
}

/** Why a hosted page will not show or act: the HTTP status and the error page's words. */
export interface PageRefusal {
  readonly status: number;
  readonly title: string;
  readonly message: string;
}

/**
 * The usual refusal of a payment page: none while the payment is `open`, 410 with `expired`'s words
 * once it has expired, else 409 `title` with "This `noun` is already `status`.".
 */
export function closedPageRefusal(
  state: { readonly open: boolean; readonly expired: boolean; readonly status: string },
  expired: Omit<PageRefusal, 'status'>,
  closed: { readonly title: string; readonly noun: string },
): PageRefusal | undefined {
  if (state.open) return undefined;
  if (state.expired) return { status: 410, ...expired };
  return { status: 409, title: closed.title, message: `This ${closed.noun} is already ${state.status}.` };
}

/** One gateway's hosted pages: its layout, its error page, and the check every page action starts with. */
export interface SandboxPages {
  /** {@link sandboxPage} in this gateway's colours. */
  layout(title: string, content: string): string;
  /** {@link sendSandboxErrorPage} in this gateway's colours. */
  errorPage(ctx: Koa.Context, status: number, title: string, message: string): void;
  /**
   * The record a page is about, once it is known and `refuse` finds nothing against it; otherwise
   * answers the error page (`notFound`, or the refusal) and returns `undefined`.
   */
  usable<R>(ctx: Koa.Context, record: R | undefined, notFound: PageRefusal, refuse: (record: R) => PageRefusal | undefined): R | undefined;
}

export function sandboxPages(theme: SandboxPageTheme): SandboxPages {
  const errorPage = (ctx: Koa.Context, status: number, title: string, message: string): void => sendSandboxErrorPage(ctx, theme, status, title, message);
  return {
    layout: (title, content) => sandboxPage(theme, title, content),
    errorPage,
    usable: (ctx, record, notFound, refuse) => {
      const refusal = record === undefined ? notFound : refuse(record);
      if (refusal === undefined) return record;
      errorPage(ctx, refusal.status, refusal.title, refusal.message);
      return undefined;
    },
  };
}

/** `Rs. 1,299.00`: Nepali rupees from paisa, grouped the Indian way, as Khalti's and eSewa's pages show them. */
export function rupees(paisa: number): string {
  const major = Math.trunc(paisa / 100).toLocaleString('en-IN');
  return `Rs. ${major}.${String(paisa % 100).padStart(2, '0')}`;
}
