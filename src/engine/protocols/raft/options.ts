/** Raft's options: the defaults, and reading what a scenario or a teacher passed. */
import type { RaftOptions } from './types';

export const DEFAULT_RAFT_OPTIONS: RaftOptions = {
  electionTimeoutMinMs: 150,
  electionTimeoutMaxMs: 300,
  heartbeatMs: 50,
  preVote: false,
  broken: null,
  checkQuorum: false,
  members: null,
  sessions: true,
  leaseReads: false,
  clockDriftBound: 0.1,
};

const BROKEN = new Set([
  'vote-without-log-check',
  'commit-old-term-by-count',
  'forget-voted-for',
  'two-at-once',
  'trust-lost-disk',
]);

export function readRaftOptions(raw: unknown): RaftOptions {
  const o = (raw ?? {}) as Partial<Record<keyof RaftOptions, unknown>>;
  const num = (v: unknown, d: number) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d;
  const min = num(o.electionTimeoutMinMs, DEFAULT_RAFT_OPTIONS.electionTimeoutMinMs);
  const max = Math.max(
    min + 1,
    num(o.electionTimeoutMaxMs, DEFAULT_RAFT_OPTIONS.electionTimeoutMaxMs),
  );
  return {
    electionTimeoutMinMs: min,
    electionTimeoutMaxMs: max,
    heartbeatMs: num(o.heartbeatMs, DEFAULT_RAFT_OPTIONS.heartbeatMs),
    preVote: o.preVote === true,
    broken:
      typeof o.broken === 'string' && BROKEN.has(o.broken)
        ? (o.broken as RaftOptions['broken'])
        : null,
    checkQuorum: o.checkQuorum === true,
    // A list of server ids, or null (every server). Anything else is ignored.
    members:
      Array.isArray(o.members) && o.members.every((m) => typeof m === 'string')
        ? [...(o.members as string[])]
        : null,
    sessions: o.sessions !== false,
    leaseReads: o.leaseReads === true,
    clockDriftBound:
      typeof o.clockDriftBound === 'number' && o.clockDriftBound >= 0 && o.clockDriftBound < 0.5
        ? o.clockDriftBound
        : DEFAULT_RAFT_OPTIONS.clockDriftBound,
  };
}
