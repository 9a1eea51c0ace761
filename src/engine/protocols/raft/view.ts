/** What a Raft server shows the lab (its view model) and hands the invariants (its observation). */
import type { Json } from '../../protocol';
import { describeCommand, entryKey, majorityOf } from './log';
import { acksFor } from './reads';
import { membershipOf } from './membership';
import type { LogEntry, RaftObservation, RaftState, RaftView } from './types';

/** What the stage says of a server outside the configuration in force (thesis §4.2). */
const STANDING = {
  voter: null,
  removed: 'removed',
  learner: 'catching up',
  'not-in-cluster': 'not in cluster',
} as const;

export function view(s: RaftState): RaftView {
  const isLeader = s.role === 'leader';
  const standing = STANDING[membershipOf(s)];
  return {
    role: s.role,
    term: s.currentTerm,
    summary: `term ${s.currentTerm}`,
    ...(standing ? { standing } : {}),
    votedFor: s.votedFor,
    leaderId: s.leaderId,
    commitIndex: s.commitIndex,
    lastApplied: s.lastApplied,
    // The tail is enough for the lab; a long run does not ship its whole log every frame.
    log: s.log.slice(-50).map((e, i, tail) => {
      const index = s.log.length - tail.length + i + 1;
      return {
        index,
        term: e.term,
        command: describeCommand(e.command),
        committed: index <= s.commitIndex,
      };
    }),
    nextIndex: isLeader ? { ...s.nextIndex } : null,
    matchIndex: isLeader ? { ...s.matchIndex } : null,
    electionTimeoutMs: [s.options.electionTimeoutMinMs, s.options.electionTimeoutMaxMs],
    kv: { ...s.kv },
    pendingReads: s.pendingReads.map((r) => ({
      client: r.client,
      key: r.key,
      readIndex: r.readIndex,
      acks: r.round === null ? 1 : acksFor(s, s.self, r.round),
      needed: majorityOf(s.config.length),
    })),
    config: [...s.config],
    configCommitted: s.configIndex <= s.commitIndex,
    membership: membershipOf(s),
    learner: isLeader ? (s.learner?.id ?? null) : null,
  };
}

/** The observation's log arrays for a state, and the entries they describe. */
interface ObservedLog {
  readonly entries: readonly LogEntry[];
  readonly keys: readonly string[];
  readonly terms: readonly number[];
}

/**
 * Per server, the log as last observed. Most events leave the log alone, so the arrays
 * are handed out again as they are; they are never changed once handed out (the checkers
 * may keep them), so a changed log gets new arrays that reuse the unchanged prefix's texts.
 * Entries are compared by identity: log entries are immutable (readonly), only appended
 * or cut off, and a restored state is a new object with an empty cache.
 */
const observedLogs = new WeakMap<RaftState, ObservedLog>();

function observedLog(s: RaftState): ObservedLog {
  const log = s.log;
  const last = observedLogs.get(s);
  let same = 0;
  if (last) {
    const n = Math.min(log.length, last.entries.length);
    while (same < n && log[same] === last.entries[same]) same++;
    if (same === log.length && same === last.entries.length) return last;
  }
  const keys = last ? last.keys.slice(0, same) : [];
  const terms = last ? last.terms.slice(0, same) : [];
  for (let i = same; i < log.length; i++) {
    const e = log[i] as LogEntry;
    keys.push(entryKey(e));
    terms.push(e.term);
  }
  const observed = { entries: [...log], keys, terms };
  observedLogs.set(s, observed);
  return observed;
}

/**
 * For the invariants, after every event: O(1) when the log is unchanged, and otherwise
 * O(log length) — fine for the short logs of the lab and of simulation tests.
 */
export function observe(s: RaftState): Json {
  const log = observedLog(s);
  const o: RaftObservation = {
    role: s.role,
    term: s.currentTerm,
    commitIndex: s.commitIndex,
    lastApplied: s.lastApplied,
    log: log.keys,
    logTerms: log.terms,
    ...(s.doubleApplied === null ? {} : { doubleApplied: s.doubleApplied }),
  };
  return o as unknown as Json;
}

/** One entry of a log as the side-by-side picture draws it: its index (from 1) and term. */
export interface LogTermEntry {
  readonly index: number;
  readonly term: number;
}

/**
 * The last `limit` entries of what a server wrote to disk (Figure 2's persistent state), as
 * index and term: what the lab can still show of a crashed server, whose view is gone. The
 * disk is read as untrusted JSON (a persisted shape that is not Raft's gives null), so a view
 * never breaks on it.
 */
export function durableLog(persisted: unknown, limit = 50): readonly LogTermEntry[] | null {
  if (typeof persisted !== 'object' || persisted === null) return null;
  const log = (persisted as { log?: unknown }).log;
  if (!Array.isArray(log)) return null;
  const from = Math.max(0, log.length - limit);
  const out: LogTermEntry[] = [];
  for (let i = from; i < log.length; i++) {
    const term = (log[i] as { term?: unknown } | null)?.term;
    if (typeof term !== 'number') return null;
    out.push({ index: i + 1, term });
  }
  return out;
}
