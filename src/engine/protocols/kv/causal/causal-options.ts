/** Reading kv-causal's options from a scenario (untrusted plain data) with safe defaults. */
import { DEFAULT_CAUSAL_OPTIONS, type KvCausalOptions } from './causal-types';

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const ms = (v: unknown, fallback: number, min = 0) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(600_000, Math.max(min, v)) : fallback;

export function readCausalOptions(raw: unknown): KvCausalOptions {
  const o = isRecord(raw) ? raw : {};
  const d = DEFAULT_CAUSAL_OPTIONS;
  const listed = Array.isArray(o.replicas)
    ? o.replicas.filter((x): x is string => typeof x === 'string')
    : [];
  return {
    ...d,
    replicas: listed.length ? [...new Set(listed)] : [...d.replicas],
    replicationDelayMs: ms(o.replicationDelayMs, d.replicationDelayMs),
    timeoutMs: ms(o.timeoutMs, d.timeoutMs, 1),
    retryMs: ms(o.retryMs, d.retryMs, 1),
    broken: o.broken === 'no-buffering' ? 'no-buffering' : null,
  };
}
