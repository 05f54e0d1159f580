/** A tiny element builder: text is always a text node (no HTML is ever parsed from data). */
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces what `parent` shows, and moves focus to its first heading so keyboard and screen-reader users land on the new page. */
export function show(parent: HTMLElement, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
  const heading = parent.querySelector('h1, h2');
  if (heading instanceof HTMLElement) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

/** A labelled form field; `id` ties the label to the control. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLElement {
  const hintId = hint === undefined ? undefined : `${control.id}-hint`;
  if (hintId !== undefined) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hint === undefined ? null : h('small', { id: hintId }, hint));
}

export function select(id: string, options: readonly (readonly [value: string, label: string])[], selected?: string): HTMLSelectElement {
  return h('select', { id, name: id }, ...options.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

/** A table with its caption and column headers, scrolling sideways on a narrow screen. */
export function table(headers: readonly string[], rows: readonly (readonly Child[])[], caption: string): HTMLElement {
  return h('div', { class: 'table-scroll' }, plainTable(headers, rows, caption));
}

function plainTable(headers: readonly string[], rows: readonly (readonly Child[])[], caption: string): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
  );
}

/** A status line read out by screen readers when it changes. */
export function notice(text: string, kind: 'info' | 'error' | 'success' = 'info'): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `render` for the page at the current URL once `ready` (signed in, header drawn) is done, showing what went wrong instead of a blank page;
 * `unauthorized` runs when the API said the session is no longer good (a 401).
 */
export async function renderPage(main: HTMLElement, ready: () => Promise<void>, render: () => Promise<void> | undefined, unauthorized: () => void): Promise<void> {
  try {
    await ready();
    const shown = render();
    if (shown === undefined) show(main, h('h1', {}, 'Not found'), notice('There is no such page.'), h('a', { href: '#/' }, 'Back to the start'));
    else await shown;
  } catch (error) {
    const status = (error as { problem?: { status?: number } }).problem?.status;
    if (status === 401) unauthorized();
    show(main, h('h1', {}, status === 401 ? 'Signed out' : 'Something went wrong'), notice((error as Error).message, 'error'));
  }
}
