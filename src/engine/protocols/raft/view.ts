/** What a Raft server shows the lab (its view model) and hands the invariants (its observation). */
import type { Json } from '../../protocol';
import { describeCommand, entryKey, majorityOf } from './log';
import { acksFor } from './reads';
import type { RaftObservation, RaftState, RaftView } from './types';

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

/**
 * For the invariants, after every event. The whole log goes each time: fine for the
 * short logs of the lab and of simulation tests (O(log length) per event).
 */
export function observe(s: RaftState): Json {
  const o: RaftObservation = {
    role: s.role,
    term: s.currentTerm,
    commitIndex: s.commitIndex,
    lastApplied: s.lastApplied,
    log: s.log.map(entryKey),
    logTerms: s.log.map((e) => e.term),
  };
  return o as unknown as Json;
}
