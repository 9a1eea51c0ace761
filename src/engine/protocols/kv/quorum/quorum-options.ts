/** Reading kv-quorum's options from a scenario (untrusted plain data) with safe defaults. */
import { DEFAULT_QUORUM_OPTIONS, type KvQuorumOptions } from './quorum-types';

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function int(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : fallback;
  return Math.min(max, Math.max(min, n));
}

/**
 * N is at most the number of replicas; W and R lie in 1..N. Anything missing or malformed
 * takes its default, so a scenario may give only what it changes.
 */
export function readQuorumOptions(raw: unknown): KvQuorumOptions {
  const o = isRecord(raw) ? raw : {};
  const d = DEFAULT_QUORUM_OPTIONS;
  const listed = Array.isArray(o.replicas)
    ? o.replicas.filter((x): x is string => typeof x === 'string')
    : [];
  const replicas = listed.length ? [...new Set(listed)] : [...d.replicas];
  const n = int(o.n, Math.min(d.n, replicas.length), 1, replicas.length);
  const ms = (v: unknown, fallback: number) => int(v, fallback, 0, 600_000);
  return {
    ...d,
    replicas,
    n,
    w: int(o.w, Math.min(d.w, n), 1, n),
    r: int(o.r, Math.min(d.r, n), 1, n),
    sloppy: typeof o.sloppy === 'boolean' ? o.sloppy : d.sloppy,
    readRepair: typeof o.readRepair === 'boolean' ? o.readRepair : d.readRepair,
    timeoutMs: Math.max(1, ms(o.timeoutMs, d.timeoutMs)),
    probeMs: Math.max(1, ms(o.probeMs, d.probeMs)),
    handoffEveryMs: Math.max(1, ms(o.handoffEveryMs, d.handoffEveryMs)),
    syncEveryMs: ms(o.syncEveryMs, d.syncEveryMs),
    replicationDelayMs: ms(o.replicationDelayMs, d.replicationDelayMs),
  };
}
