import { Client, Connection } from '@temporalio/client';
const address = process.env['TEMPORAL_ADDRESS']!;
const rate = Number(process.argv[2] ?? 5);
const count = Number(process.argv[3] ?? 50);
const connection = await Connection.connect({ address });
const client = new Client({ connection, namespace: 'default' });
const t0 = performance.now();
const handles: Promise<unknown>[] = [];
const ids: string[] = [];
for (let i = 0; i < count; i++) {
  const at = t0 + (i * 1000) / rate;
  const wait = at - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const id = `tl-${Date.now()}-${i}`;
  ids.push(id);
  handles.push(client.workflow.start('noopSaga', { taskQueue: 'bench-engine-noop', workflowId: id, args: [4] }).then((h) => h.result()));
}
await Promise.all(handles);
// gaps per event type transition for the last half
const gaps = new Map<string, number[]>();
for (const id of ids.slice(count / 2)) {
  const h = await client.workflow.getHandle(id).fetchHistory();
  const ev = h.events!;
  for (let k = 1; k < ev.length; k++) {
    const a = ev[k - 1]!,
      b = ev[k]!;
    const ta = Number(a.eventTime!.seconds) * 1000 + a.eventTime!.nanos! / 1e6;
    const tb = Number(b.eventTime!.seconds) * 1000 + b.eventTime!.nanos! / 1e6;
    const key = `${a.eventType}->${b.eventType}`;
    gaps.set(key, [...(gaps.get(key) ?? []), tb - ta]);
  }
  const first = ev[0]!,
    last = ev[ev.length - 1]!;
  const tot = (Number(last.eventTime!.seconds) - Number(first.eventTime!.seconds)) * 1000 + (last.eventTime!.nanos! - first.eventTime!.nanos!) / 1e6;
  gaps.set('TOTAL', [...(gaps.get('TOTAL') ?? []), tot]);
}
for (const [k, v] of gaps) {
  v.sort((a, b) => a - b);
  console.log(k.padEnd(80), 'n', v.length, 'p50', v[Math.floor(v.length / 2)]!.toFixed(1), 'max', v[v.length - 1]!.toFixed(1));
}
await connection.close();
