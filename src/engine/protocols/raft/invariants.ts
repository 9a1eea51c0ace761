/**
 * Raft's safety properties (Figure 3 of the paper), checked after every event over what
 * each node publishes with observe(). Each keeps a little memory across the run; each
 * violation names the trace entries that, together, break the property.
 */
import type { Invariant, Observation, Violation } from '../../check/invariant';
import type { RaftObservation } from './types';

/**
 * A Raft server's observation, or null: the node is down, or it is not a Raft server (the
 * invariants of every protocol in a scenario see every node — clients included).
 */
function asRaft(o: Observation): RaftObservation | null {
  const d = o.data;
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return null;
  if (typeof d.term !== 'number' || !Array.isArray(d.log) || !Array.isArray(d.logTerms))
    return null;
  return d as unknown as RaftObservation;
}

const violation = (
  invariant: string,
  o: Observation,
  message: string,
  events: number[],
): Violation => ({
  invariant,
  message,
  time: o.time,
  events: [...new Set(events)].sort((a, b) => a - b),
});

/*
 * Checks already passed, remembered so that an unchanged log is not compared entry by
 * entry again after every event. They are keyed by the very arrays checked: observations
 * are never changed once made, so the same arrays give the same verdict. They live beside
 * the checkers' memory, not in it: a restored memory is a fresh copy and starts without them.
 */

/**
 * Per log, the logs of other nodes it is known to satisfy Log Matching with (one per node,
 * with the term arrays checked): a short list, searched by identity.
 */
type Match = readonly [
  node: string,
  theirLog: readonly string[],
  theirTerms: readonly number[],
  terms: readonly number[],
];
const matchedLogs = new WeakMap<readonly string[], Match[]>();

function isKnownMatch(
  matches: readonly Match[] | undefined,
  terms: readonly number[],
  theirs: { readonly log: readonly string[]; readonly terms: readonly number[] },
): boolean {
  if (!matches) return false;
  for (const m of matches)
    if (m[1] === theirs.log && m[2] === theirs.terms && m[3] === terms) return true;
  return false;
}

function rememberMatch(log: readonly string[], match: Match): void {
  const matches = matchedLogs.get(log);
  if (!matches) return void matchedLogs.set(log, [match]);
  const i = matches.findIndex((m) => m[0] === match[0]);
  if (i === -1) matches.push(match);
  else matches[i] = match;
}

/** Per Leader Completeness memory: the last leader log found to hold every committed entry. */
const completeLeaders = new WeakMap<
  object,
  { log: readonly string[]; term: number; count: number }
>();

/** Per State Machine Safety memory, per node: the log and bound last found in agreement. */
const agreedLogs = new WeakMap<object, Map<string, { log: readonly string[]; bound: number }>>();

/** At most one leader can be elected in a given term. */
const electionSafety: Invariant<{ leaders: Record<string, { node: string; cause: number }> }> = {
  id: 'election-safety',
  title: 'Election Safety',
  description: 'At most one leader per term.',
  init: () => ({ leaders: {} }),
  check(memory, o) {
    const r = asRaft(o);
    if (!r || r.role !== 'leader') return null;
    const known = memory.leaders[r.term];
    if (!known) {
      memory.leaders[r.term] = { node: o.node, cause: o.cause };
      return null;
    }
    if (known.node === o.node) return null;
    return violation(this.id, o, `${known.node} and ${o.node} are both leaders of term ${r.term}`, [
      known.cause,
      o.cause,
    ]);
  },
};

/** A leader never overwrites or deletes entries in its log; it only appends. */
const leaderAppendOnly: Invariant<{
  last: Record<
    string,
    { term: number; incarnation: number; log: readonly string[]; cause: number }
  >;
}> = {
  id: 'leader-append-only',
  title: 'Leader Append-Only',
  description: 'A leader only appends to its log during its term.',
  init: () => ({ last: {} }),
  check(memory, o) {
    const r = asRaft(o);
    const previous = memory.last[o.node];
    if (!r || r.role !== 'leader') {
      delete memory.last[o.node];
      return null;
    }
    // Kept without a copy: observations are never changed once made.
    memory.last[o.node] = { term: r.term, incarnation: o.incarnation, log: r.log, cause: o.cause };
    if (!previous || previous.term !== r.term || previous.incarnation !== o.incarnation)
      return null;
    if (previous.log === r.log) return null; // the very same log: nothing was changed
    const lost = previous.log.findIndex((e, i) => r.log[i] !== e);
    if (lost === -1) return null;
    return violation(
      this.id,
      o,
      `leader ${o.node} (term ${r.term}) changed its log at index ${lost + 1}: "${previous.log[lost]}" became "${r.log[lost] ?? 'nothing'}"`,
      [previous.cause, o.cause],
    );
  },
};

/** If two logs hold an entry with the same index and term, they are identical up to it. */
const logMatching: Invariant<{
  logs: Record<string, { log: readonly string[]; terms: readonly number[]; cause: number }>;
}> = {
  id: 'log-matching',
  title: 'Log Matching',
  description: 'Entries with the same index and term mean identical logs up to that index.',
  init: () => ({ logs: {} }),
  check(memory, o) {
    const r = asRaft(o);
    if (!r) {
      delete memory.logs[o.node];
      return null;
    }
    memory.logs[o.node] = { log: r.log, terms: r.logTerms, cause: o.cause };
    const matches = matchedLogs.get(r.log);
    // for…in, in the order Object.entries would give, without an array per event.
    for (const other in memory.logs) {
      if (other === o.node) continue;
      const theirs = memory.logs[other] as (typeof memory.logs)[string];
      if (isKnownMatch(matches, r.logTerms, theirs)) continue;
      // The last index where the two logs hold an entry of the same term…
      let i = Math.min(r.log.length, theirs.log.length) - 1;
      while (i >= 0 && r.logTerms[i] !== theirs.terms[i]) i--;
      // …must be preceded by identical entries.
      for (let j = i; j >= 0; j--) {
        if (r.log[j] !== theirs.log[j]) {
          return violation(
            this.id,
            o,
            `${o.node} and ${other} agree on the term at index ${i + 1} but differ at index ${j + 1}: "${r.log[j]}" vs "${theirs.log[j]}"`,
            [theirs.cause, o.cause],
          );
        }
      }
      rememberMatch(r.log, [other, theirs.log, theirs.terms, r.logTerms]);
    }
    return null;
  },
};

/** An entry committed in a term is in the log of every leader of a later term. */
const leaderCompleteness: Invariant<{
  committed: Array<{ entry: string; term: number; cause: number }>;
}> = {
  id: 'leader-completeness',
  title: 'Leader Completeness',
  description: 'Every committed entry is in the logs of all later leaders.',
  init: () => ({ committed: [] }),
  check(memory, o) {
    const r = asRaft(o);
    if (!r) return null;
    // committed is filled from index 0 without gaps, so only indices past its end are new.
    const bound = Math.min(r.commitIndex, r.log.length);
    for (let i = memory.committed.length; i < bound; i++) {
      memory.committed[i] = { entry: r.log[i] as string, term: r.term, cause: o.cause };
    }
    if (r.role !== 'leader') return null;
    // Committed entries never change: the same log, term and count were already found whole.
    const known = completeLeaders.get(memory);
    if (known?.log === r.log && known.term === r.term && known.count === memory.committed.length)
      return null;
    for (let i = 0; i < memory.committed.length; i++) {
      const c = memory.committed[i];
      if (!c || c.term >= r.term) continue;
      if (r.log[i] !== c.entry) {
        return violation(
          this.id,
          o,
          `${o.node} leads term ${r.term} without entry ${i + 1} ("${c.entry}"), committed by term ${c.term}`,
          [c.cause, o.cause],
        );
      }
    }
    completeLeaders.set(memory, { log: r.log, term: r.term, count: memory.committed.length });
    return null;
  },
};

/** No two servers apply different commands at the same index. */
const stateMachineSafety: Invariant<{
  applied: Array<{ entry: string; node: string; cause: number }>;
}> = {
  id: 'state-machine-safety',
  title: 'State Machine Safety',
  description: 'No two servers apply different entries at the same index.',
  init: () => ({ applied: [] }),
  check(memory, o) {
    const r = asRaft(o);
    if (!r) return null;
    const bound = Math.min(r.lastApplied, r.log.length);
    // Applied entries never change: this log up to this bound was already found in agreement.
    const agreed = agreedLogs.get(memory);
    const known = agreed?.get(o.node);
    if (known?.log === r.log && known.bound === bound) return null;
    for (let i = 0; i < bound; i++) {
      const entry = r.log[i] as string;
      const first = memory.applied[i];
      if (!first) memory.applied[i] = { entry, node: o.node, cause: o.cause };
      else if (first.entry !== entry) {
        return violation(
          this.id,
          o,
          `index ${i + 1}: ${first.node} applied "${first.entry}" but ${o.node} applied "${entry}"`,
          [first.cause, o.cause],
        );
      }
    }
    if (agreed) agreed.set(o.node, { log: r.log, bound });
    else agreedLogs.set(memory, new Map([[o.node, { log: r.log, bound }]]));
    return null;
  },
};

/**
 * Exactly-once semantics for clients (thesis §6.3): a request a client retried takes effect
 * once, however many copies of it reach the log. Broken when the session table is off and a
 * reply is lost: the retry is appended and applied again (an INCR then adds 2).
 */
const appliedAtMostOnce: Invariant<{ reported: Record<string, true> }> = {
  id: 'applied-at-most-once',
  title: 'Each request applied at most once',
  description: 'A request a client retried takes effect once (the session table, thesis §6.3).',
  init: () => ({ reported: {} }),
  check(memory, o) {
    const r = asRaft(o);
    if (!r || typeof r.doubleApplied !== 'string') return null;
    // Every server applies the same log: the first to report it is enough.
    if (memory.reported[r.doubleApplied]) return null;
    memory.reported[r.doubleApplied] = true;
    return violation(this.id, o, `${o.node} applied a request twice: ${r.doubleApplied}`, [
      o.cause,
    ]);
  },
};

export const raftInvariants = [
  electionSafety,
  leaderAppendOnly,
  logMatching,
  leaderCompleteness,
  stateMachineSafety,
  appliedAtMostOnce,
];
