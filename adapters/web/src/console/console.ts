import type { PaysagaClient } from '../../../../clients/typescript/index.js';
import { h, notice } from '../shared/dom.js';
import { words } from '../shared/format.js';

/** What every console page works with. */
export interface Console {
  readonly api: PaysagaClient;
  readonly main: HTMLElement;
  readonly operator: () => string;
}

const meta = (name: string): string => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

/** The saga's page in the Temporal UI (history, state query, pending activities), when the server said where the UI is. */
export function sagaLink(workflowId: string): HTMLElement | string {
  const ui = meta('temporal-ui');
  if (ui === '' || ui.startsWith('%')) return '';
  const namespace = meta('temporal-namespace') || 'default';
  return h('a', { href: `${ui}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`, target: '_blank', rel: 'noopener' }, 'Temporal UI');
}

type Command = readonly [label: string, run: (reason: string) => Promise<{ error?: { detail?: string; title: string } }>, danger?: boolean];

export const badge = (status: string) => h('span', { class: `badge ${status}` }, words(status));

/** A page's status line, read out when it changes; it starts with `message` (the last command's outcome). */
export function statusLine(message?: string): HTMLElement {
  const line = h('div', { 'aria-live': 'polite' });
  if (message) line.replaceChildren(notice(message, 'success'));
  return line;
}

/**
 * A reason box and the command buttons beside it: every operator command is recorded with who
 * and why. A refused command is said in `line`; a done one redraws the page with `reload`.
 */
export function commandBar(id: string, commands: readonly Command[], line: HTMLElement, reload: (message: string) => void | Promise<void>): HTMLElement {
  const failed = (text: string) => line.replaceChildren(notice(text, 'error'));
  const reason = h('input', { id: `reason-${id}`, name: 'reason', required: true, placeholder: 'why (recorded)', 'aria-label': `Reason for ${id}` });
  const buttons = commands.map(([label, run, danger]) =>
    h(
      'button',
      {
        type: 'button',
        class: danger ? 'danger' : '',
        onclick: async (event: Event) => {
          if (reason.value.trim() === '') {
            failed('Give a reason: it is recorded with the command.');
            reason.focus();
            return;
          }
          const button = event.currentTarget as HTMLButtonElement;
          button.disabled = true;
          const answer = await run(reason.value.trim());
          button.disabled = false;
          if (answer.error) failed(answer.error.detail ?? answer.error.title);
          else await reload(`${label}: done.`);
        },
      },
      label,
    ),
  );
  return h('div', { class: 'row' }, reason, ...buttons);
}
