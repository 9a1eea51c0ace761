/** Paxos's options: the defaults, and reading what a scenario or a teacher passed. */
import { PAXOS_BROKEN_VARIANTS } from './variants';
import type { PaxosOptions } from './types';

export const DEFAULT_PAXOS_OPTIONS: PaxosOptions = {
  proposer: false,
  value: 'A',
  proposeAtMs: null,
  acceptors: [],
  q1: 0,
  q2: 0,
  timeoutMs: 300,
  backoff: 'random',
  retryMs: 40,
  broken: null,
  leader: false,
};

/** The smallest majority of `n` acceptors. */
const majorityOf = (n: number) => Math.floor(n / 2) + 1;

const posInt = (v: unknown, d: number) =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : d;
const pos = (v: unknown, d: number) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d;

/**
 * Options from untrusted input. Quorum sizes of 0 (or missing) mean a majority of the
 * acceptors; sizes above the number of acceptors are clamped to it.
 */
export function readPaxosOptions(raw: unknown): PaxosOptions {
  const o = (raw ?? {}) as Partial<Record<keyof PaxosOptions, unknown>>;
  const acceptors = Array.isArray(o.acceptors)
    ? o.acceptors.filter((a): a is string => typeof a === 'string')
    : [];
  const n = acceptors.length;
  const quorum = (v: unknown) => Math.min(n, posInt(v, majorityOf(n)));
  return {
    proposer: o.proposer === true,
    value: typeof o.value === 'string' && o.value ? o.value.slice(0, 20) : 'A',
    proposeAtMs: typeof o.proposeAtMs === 'number' && o.proposeAtMs >= 0 ? o.proposeAtMs : null,
    acceptors,
    q1: quorum(o.q1),
    q2: quorum(o.q2),
    timeoutMs: pos(o.timeoutMs, DEFAULT_PAXOS_OPTIONS.timeoutMs),
    backoff: o.backoff === 'fixed' ? 'fixed' : 'random',
    retryMs: pos(o.retryMs, DEFAULT_PAXOS_OPTIONS.retryMs),
    broken: PAXOS_BROKEN_VARIANTS.find((b) => b.id === o.broken)?.id ?? null,
    leader: o.leader === true,
  };
}
