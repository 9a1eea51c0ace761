/** What a Raft server shows the lab (its view model) and hands the invariants (its observation). */
import type { Json } from '../../protocol';
import { describeCommand, entryKey, majorityOf } from './log';
import { acksFor } from './reads';
import type { LogEntry, RaftObservation, RaftState, RaftView } from './types';

export function view(s: RaftState): RaftView {
  const isLeader = s.role === 'leader';
  return {
    role: s.role,
    term: s.currentTerm,
    summary: `term ${s.currentTerm}`,
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
    pendingReads: s.pendingReads.map((r) => {
      // Only a leader holds reads, and a leader's nextIndex names every peer.
      const peers = Object.keys(s.nextIndex);
      return {
        client: r.client,
        key: r.key,
        readIndex: r.readIndex,
        acks: r.round === null ? 1 : acksFor(s, peers, r.round),
        needed: majorityOf(peers.length + 1),
      };
    }),
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
