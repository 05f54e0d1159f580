import type { PaysagaClient } from '../../../../clients/typescript/index.js';
import { h } from '../shared/dom.js';

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

/** A reason box and the command buttons beside it: every operator command is recorded with who and why. */
export function commandBar(
  id: string,
  commands: readonly (readonly [label: string, run: (reason: string) => Promise<{ error?: { detail?: string; title: string } }>, danger?: boolean])[],
  done: (message: string) => void | Promise<void>,
  failed: (message: string) => void,
): HTMLElement {
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
          else await done(`${label}: done.`);
        },
      },
      label,
    ),
  );
  return h('div', { class: 'row' }, reason, ...buttons);
}
