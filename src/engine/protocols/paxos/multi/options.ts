/** Multi-Paxos's options: the defaults, and reading what a scenario or a teacher passed. */
import type { MultiPaxosOptions } from './types';
import { MULTI_PAXOS_BROKEN_VARIANTS } from './variants';

export const DEFAULT_MULTI_PAXOS_OPTIONS: MultiPaxosOptions = {
  servers: [],
  electionTimeoutMinMs: 150,
  electionTimeoutMaxMs: 300,
  heartbeatMs: 50,
  broken: null,
};

const pos = (v: unknown, d: number) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d;

/**
 * Options from untrusted input: a missing or non-positive timing takes its default; the
 * election timeout's upper end is kept above its lower end; an unknown broken variant is none.
 */
export function readMultiPaxosOptions(raw: unknown): MultiPaxosOptions {
  const o = (raw ?? {}) as Partial<Record<keyof MultiPaxosOptions, unknown>>;
  const servers = Array.isArray(o.servers)
    ? o.servers.filter((a): a is string => typeof a === 'string')
    : [];
  const d = DEFAULT_MULTI_PAXOS_OPTIONS;
  const min = pos(o.electionTimeoutMinMs, d.electionTimeoutMinMs);
  const max = Math.max(min + 1, pos(o.electionTimeoutMaxMs, d.electionTimeoutMaxMs));
  return {
    servers,
    electionTimeoutMinMs: min,
    electionTimeoutMaxMs: max,
    heartbeatMs: pos(o.heartbeatMs, d.heartbeatMs),
    broken: MULTI_PAXOS_BROKEN_VARIANTS.find((b) => b.id === o.broken)?.id ?? null,
  };
}

/** The smallest majority of the servers (every phase-1 and phase-2 quorum). */
export const quorumOf = (o: MultiPaxosOptions): number => Math.floor(o.servers.length / 2) + 1;
