/** What the shopper's browser must do next to pay at a gateway: go to its page, or post it a form. */
export type PaymentAction =
  | { readonly type: 'redirect'; readonly url: string }
  | { readonly type: 'form_post'; readonly url: string; readonly fields: Readonly<Record<string, string>> };
