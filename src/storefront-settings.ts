/**
 * Where shoppers come back after paying. A served storefront (`npm start`'s, or STOREFRONT_DIR)
 * has its own `/return` page, the default then; STOREFRONT_RETURN_URL names a shop's own.
 * Without either, the return routes answer the verified outcome as JSON.
 */
export function storefrontSettings(dir: string | undefined, returnUrl: string | undefined, publicBaseUrl: string): { storefrontDir?: string; storefrontReturnUrl?: string } {
  const target = returnUrl ?? (dir === undefined ? undefined : `${publicBaseUrl}/return`);
  return { ...(dir === undefined ? {} : { storefrontDir: dir }), ...(target === undefined ? {} : { storefrontReturnUrl: target }) };
}
