/** The run as Markdown tables (printed, saved beside the JSON, and placed in BENCHMARKS.md on a full run). */
import type { OpenLoadResult } from './loader.js';
import { failures } from './loader.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Run = Record<string, any>;

const fmt = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? String(n) : '–');

function cpu(c: Record<string, number> | undefined): string {
  if (!c) return '–';
  return Object.entries(c)
    .filter(([, v]) => v >= 5)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k.replace(' (all processes, incl. others)', '')} ${v}%`)
    .join(', ');
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function loadRow(label: string, r: OpenLoadResult & { cpuPercent?: Record<string, number> }, extra: string[] = []): string[] {
  return [label, fmt(r.scheduled), fmt(r.completedPerSecond), fmt(r.latencyMs.p50), fmt(r.latencyMs.p99), fmt(r.latencyMs.max), fmt(failures(r)), ...extra, cpu(r.cpuPercent)];
}

export function renderReport(run: Run): string {
  const out: string[] = [];
  const m = run.machine;
  out.push(`Run ${run.startedAt} (${run.mode}), ${fmt(run.totalSeconds)} s. Command: \`${run.command}\``);
  out.push('');
  out.push(`Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}; load average at start ${m.loadAverageAtStart.join(' / ')}.`);
  out.push(
    `Versions: ${Object.entries(run.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  );
  out.push(`Stack: \`${run.stack.command}\` (started in ${fmt(run.stack.startupMs)} ms).`);
  out.push('');
  out.push(
    'Latencies are in milliseconds, measured from each operation\'s scheduled start (open model). CPU is percent of one core over the step (200% = both cores); "whole machine" includes everything else running on it.',
  );

  const c = run.groups.calibration;
  out.push('', '### Calibration', '');
  if (c?.error) out.push(`failed: ${c.error}`);
  else if (c) {
    out.push(`PostgreSQL ${c.postgresVersion}, fsync ${c.fsync}, synchronous_commit ${c.synchronousCommit}.`, '');
    out.push(
      table(
        ['single-row inserts', 'inserts/s', 'p50', 'p99', 'CPU'],
        c.inserts.map((i: any) => [`${i.clients} client${i.clients > 1 ? 's' : ''}`, fmt(i.perSecond), fmt(i.latencyMs.p50), fmt(i.latencyMs.p99), cpu(i.cpuPercent)]),
      ),
    );
    out.push('');
    out.push(
      table(
        ['bare Koa JSON, offered/s', 'sent', 'done/s', 'p50', 'p99', 'max', 'failures', 'loader lag p99', 'CPU'],
        c.bareKoa.map((r: any) => loadRow(String(r.rate), r, [fmt(r.startLagMs.p99)])),
      ),
    );
  }

  const s = run.groups.saga;
  out.push('', '### Saga throughput (Khalti: create → Pay on the sandbox → return → confirmed)', '');
  if (s?.error) out.push(`failed: ${s.error}`);
  else if (s) {
    out.push(`Sustained with zero failures: **${fmt(s.sustainedSagasPerSecond)} sagas/s** (highest offered rate completed at ≥ 90% of the rate with no failed saga).`, '');
    out.push(
      table(
        ['offered sagas/s', 'sagas', 'completed/s', 'p50', 'p99', 'max', 'failures', 'create p50/p99', 'pay p50/p99', 'return→confirmed p50/p99', 'counts', 'CPU'],
        s.steps.map((r: any) => {
          const row = loadRow(String(r.rate), r, [
            `${fmt(r.stagesMs.create.p50)} / ${fmt(r.stagesMs.create.p99)}`,
            `${fmt(r.stagesMs.pay.p50)} / ${fmt(r.stagesMs.pay.p99)}`,
            `${fmt(r.stagesMs.returnToConfirmed.p50)} / ${fmt(r.stagesMs.returnToConfirmed.p99)}`,
            r.passed ? 'yes' : 'no',
          ]);
          return row;
        }),
      ),
    );
    const errs = s.steps.flatMap((r: any) => Object.entries(r.errors).map(([k, v]) => `${r.rate}/s: ${v}× ${k}`));
    if (errs.length) out.push('', `Failures: ${errs.slice(0, 8).join('; ')}`);
  }

  for (const e of [run.groups.engine, run.groups.engineLocal]) {
    const kind = e?.localActivities ? 'local activities' : 'activities';
    out.push('', `### The engine's ceiling (same dev server, a workflow with as many no-op ${e ? kind : 'steps'})`, '');
    if (e?.error) out.push(`failed: ${e.error}`);
    else if (e) {
      out.push(
        `${fmt(e.activities)} no-op ${kind} per workflow, worker in its own process. Sustained: **${fmt(e.sustainedPerSecond)} workflows/s**${s?.sustainedSagasPerSecond && e.sustainedPerSecond ? `; the checkout saga reaches ${Math.round((100 * s.sustainedSagasPerSecond) / e.sustainedPerSecond)}% of it` : ''}.`,
        '',
      );
      out.push(
        table(
          ['offered workflows/s', 'workflows', 'completed/s', 'p50', 'p99', 'max', 'failures', 'counts', 'CPU'],
          e.steps.map((r: any) => loadRow(String(r.rate), r, [r.passed ? 'yes' : 'no'])),
        ),
      );
    } else out.push('not measured in this run');
  }

  const w = run.groups.webhooks;
  out.push('', '### Webhook acknowledgement (signed Stripe events → `POST /webhooks/stripe`)', '');
  if (w?.error) out.push(`failed: ${w.error}`);
  else if (w) {
    const statuses = (p: any) =>
      Object.entries(p.statuses ?? {})
        .map(([code, n]) => `${code}: ${n}`)
        .join(', ');
    out.push(`Statuses — steady: ${statuses(w.steady)}; burst: ${statuses(w.burst)}.`, '');
    out.push(
      table(
        ['phase', 'sent', 'done/s', 'p50', 'p99', 'max', 'failures', 'non-2xx', 'CPU'],
        [
          loadRow(`steady ${w.steady.rate}/s for ${w.steady.durationMs / 1000} s`, w.steady, [fmt(w.steady.non2xx)]),
          loadRow(`burst ${w.burst.rate}/s for ${w.burst.durationMs / 1000} s`, w.burst, [fmt(w.burst.non2xx)]),
        ],
      ),
    );
    const notSent = w.steady.overflow + w.burst.overflow;
    const sent = w.steady.scheduled + w.burst.scheduled - notSent;
    const lost = Math.max(0, w.sent2xx - w.storedDelta);
    out.push(
      '',
      `Stored ${w.storedDelta} events for ${w.sent2xx} acknowledged with a 2xx, of ${sent} sent: ${lost === 0 ? 'no acknowledged event lost' : `${lost} acknowledged but not stored`}.${notSent ? ` ${notSent} were never sent (the loader's cap on requests in flight was reached: the server fell that far behind); ${sent - w.sent2xx} sent got no 2xx in 30 s.` : ''}`,
    );
  }

  const k = run.groups.createCheckout;
  out.push('', '### Create checkout (`POST /checkouts`, Khalti)', '');
  if (k?.error) out.push(`failed: ${k.error}`);
  else if (k) {
    out.push(
      `Highest rate with p99 < 100 ms and no failure: **${fmt(k.highestRateUnder100ms)} req/s**. (A \`202\` without a payment link — the API stopped waiting for the saga's \`initiate\` — counts as a failure.)`,
      '',
    );
    out.push(
      table(
        ['offered req/s', 'sent', 'done/s', 'p50', 'p99', 'max', 'failures', 'p99 < 100 ms', 'CPU'],
        [k.at20, ...k.steps].map((r: any) => loadRow(String(r.rate), r, [r.passed ? 'yes' : 'no'])),
      ),
    );
    const errs = [k.at20, ...k.steps].flatMap((r: any) => Object.entries(r.errors).map(([e, n]) => `${r.rate}/s: ${n}× ${e}`));
    if (errs.length) out.push('', `Failures: ${errs.slice(0, 8).join('; ')}`);
  }

  const mem = run.groups.memory;
  out.push('', "### Memory (RSS, MiB) and one saga's history", '');
  if (mem) {
    out.push(
      table(
        ['process', 'start', 'end'],
        Object.keys(mem.start).map((p) => [p, fmt(mem.start[p]), fmt(mem.end?.[p])]),
      ),
    );
    if (mem.checkpoints?.length) {
      const parts = Object.keys(mem.start);
      out.push('', "After each group, with the checkouts still open (sagas waiting for payment, held in the worker's cache up to `WORKER_MAX_CACHED_WORKFLOWS`):", '');
      out.push(
        table(
          ['after', ...parts, 'open checkouts'],
          [['start', ...parts.map((p) => fmt(mem.start[p])), '0'], ...mem.checkpoints.map((c: any) => [c.after, ...parts.map((p) => fmt(c.rssMiB[p])), fmt(c.openCheckouts)])],
        ),
      );
    }
  }
  const h = run.groups.history;
  if (h?.error) out.push('', `history: failed: ${h.error}`);
  else if (h) {
    out.push(
      '',
      `History of \`${h.workflowId}\`: **${h.events} events**, ${h.activitiesScheduled} activities, ${fmt(h.localActivities)} local activities, ${fmt(h.stateTransitions)} state transitions, ${fmt(h.historySizeBytes)} bytes.`,
    );
    out.push(
      `Events: ${Object.entries(h.eventTypes)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}.`,
    );
  }
  return out.join('\n');
}
