/** Process figures from /proc (Linux): RSS and CPU time of a process and its descendants. */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  /**
   * utime + stime + cutime + cstime, seconds: its own time and that of its children it has
   * reaped, so the CPU of a short-lived child (a PostgreSQL backend closed by the pool) is not
   * lost from the tree when the child exits.
   */
  readonly cpuSeconds: number;
}

function readStat(pid: number): ProcInfo | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is state (field 3); utime, stime, cutime, cstime are fields 14–17 → indices 11–14.
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { pid, ppid: Number(fields[1]), comm, cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

export function rssKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The process and everything below it. */
export function tree(rootPid: number): ProcInfo[] {
  const all: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readStat(Number(entry));
    if (info) all.push(info);
  }
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const root = all.find((p) => p.pid === rootPid);
  if (!root) return [];
  const out: ProcInfo[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < 10_000) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

/** Which part of the stack a process is. */
export type Part = 'api+worker (node)' | 'temporal dev server' | 'postgres' | 'bare koa (node)' | 'engine worker (node)' | 'other';

export interface CpuSnapshot {
  readonly at: number;
  readonly byPart: Record<string, number>;
  readonly machine: { idle: number; total: number };
}

function machineTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

export function cpuSnapshot(roots: ReadonlyArray<{ pid: number; part: Part }>, self: Part | undefined = 'other'): CpuSnapshot {
  const byPart: Record<string, number> = {};
  for (const { pid, part } of roots) {
    for (const p of tree(pid)) {
      const name = p.pid === pid ? part : p.comm.startsWith('postgres') ? 'postgres' : p.comm.startsWith('temporal') ? 'temporal dev server' : part;
      byPart[name] = (byPart[name] ?? 0) + p.cpuSeconds;
    }
  }
  if (self) {
    const usage = process.cpuUsage();
    byPart['load generator (node)'] = (usage.user + usage.system) / 1e6;
  }
  return { at: performance.now(), byPart, machine: machineTimes() };
}

/** CPU used between two snapshots, as percent of one core (200% = both cores of a 2-core machine). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const seconds = (after.at - before.at) / 1000;
  const out: Record<string, number> = {};
  for (const [part, value] of Object.entries(after.byPart)) {
    out[part] = Math.round(((value - (before.byPart[part] ?? 0)) / seconds) * 100);
  }
  const busy = after.machine.total - before.machine.total - (after.machine.idle - before.machine.idle);
  const whole = Math.round((busy / (after.machine.total - before.machine.total)) * os.cpus().length * 100);
  const ours = Object.values(out).reduce((a, b) => a + b, 0);
  out['whole machine (all processes, incl. others)'] = whole;
  out['other processes on the machine'] = Math.max(0, whole - ours);
  return out;
}
