/**
 * What a Raft server does when its disk failed it, and why that is safe.
 *
 * Raft's safety rests on stable storage: a vote and an acknowledged entry are durable before
 * the reply leaves (Figure 2; thesis §3.8 and §11.2). Two disk faults break that promise
 * (the engine's sim/disk-faults.ts): a lying fsync loses the server's last write, though the
 * reply it sent after it is out (storage reports the torn record at boot: the engine's
 * `tornWriteAtBoot`); and garbled entries at the end of the log, which each entry's checksum
 * (log.ts entryChecksum) exposes at boot. Protocol-Aware Recovery (Alagappan et al., FAST
 * 2018) shows that ignoring either, or "fixing" it locally, loses data or elects two leaders;
 * etcd's answer for a member whose data was lost is to remove it and add it back. Ours is
 * the smallest rule we can argue sound:
 *
 * 1. Garbled entries are dropped with everything after them (the log stays a prefix, so Log
 *    Matching holds) and the server never acts as if it had them; the leader repairs the log
 *    through the usual AppendEntries consistency check (§5.3).
 * 2. A server that lost anything is *suspect*: it grants no vote (pre-vote included) and
 *    stands for no election, so it never counts its own vote either, until it trusts its
 *    disk again.
 * 3. While suspect, its rejections of AppendEntries say it lost entries, so the leader lowers
 *    matchIndex for it: a leader never otherwise moves below what a follower acknowledged.
 * 4. It trusts its disk again once it has (a) a bound B on every term it could have voted in
 *    before the loss, and (b) caught up with a leader of a term T >= B: an AppendEntries of
 *    term T with nothing left to send succeeded (its log holds the leader's whole log), and
 *    the entry at leaderCommit is of term T (the leader has committed in its own term). If it
 *    has no vote in T it records one for that leader.
 *
 * Why it is safe. Election Safety: a lost vote was cast for some candidate X in a term t. X
 * persisted term t before asking (unless X's own write was lost, in which case X crashed
 * before counting any vote and its next incarnation starts its count afresh), so whatever
 * X answers to a DiskProbe sent after our reboot is >= t; B is the largest of our own term
 * and every peer's answer, so B >= t. After trusting again we vote only in terms >= T >= B:
 * in T only for T's leader, which the cluster already elected without us (we were not
 * voting), and in terms above B we never voted before the loss. Between reboot and trust we
 * vote in no term at all. After a corruption alone, currentTerm and votedFor were not
 * touched, so B is our own term and no probe is needed. Leader Completeness: an entry we
 * acknowledged and then lost may have been committed with our acknowledgement. While we are
 * suspect, any winner's voters exclude us, and every set of suspects K: a winner's voters (a
 * majority outside K) and the entry's committing majority minus K always share a server that
 * still holds the entry (two majorities of n, less the |K| servers left out of both, still
 * overlap), and the usual up-to-date check (§5.4.1) does the rest. Once we trust again we
 * hold every entry the leader of T holds through an entry it committed in T, which by Leader
 * Completeness for T includes every entry committed before.
 *
 * Assumed: a message does not outlive both a crash of its receiver and the receiver's whole
 * trip back to candidate in the same term (a VoteReply from before X's lost write counted by
 * X's next incarnation); and a peer's answer reflects a disk that did not itself lose writes
 * since (if it did, that peer is suspect too and casts no vote until it recovers).
 */
import type { NodeId } from '../../protocol';
import { checkLog, termAt } from './log';
import type { DiskSuspicion, RaftPersisted, RaftState } from './types';
import { save, type Ctx, type Msg } from './server';

/** Whether the server is holding back its vote because it cannot trust its disk. */
export const isDiskSuspect = (s: RaftState): boolean => s.diskSuspect !== null;

/**
 * On boot: decide whether to distrust the disk, from storage's torn-write report, the log's
 * checksums, and a suspicion recorded before (one that survives later crashes). Narrates
 * what it found; starts the probes a lost write needs. Call once the state is built.
 */
export function recoverFromDisk(s: RaftState, ctx: Ctx, disk: RaftPersisted): void {
  const previous = disk.suspect ?? null;
  const { garbledFrom } = checkLog(disk);
  const droppedTo = disk.log.length;
  const torn = ctx.tornWriteAtBoot === true;
  if (garbledFrom !== null) {
    ctx.log(
      `found ${garbledFrom === droppedTo ? `entry ${garbledFrom}` : `entries ${garbledFrom}–${droppedTo}`} garbled on disk (checksum mismatch): dropped ${garbledFrom === droppedTo ? 'it' : 'them'}`,
      null,
      { kind: 'disk-garbled', from: garbledFrom, to: droppedTo },
    );
  }
  if (torn)
    ctx.log('found its last write torn on disk: that write was lost', null, {
      kind: 'disk-torn-write',
    });
  const trusting = s.options.broken === 'trust-lost-disk' || ctx.peers.length === 0;
  if (trusting) {
    s.diskSuspect = null;
    if (torn || garbledFrom !== null) save(s, ctx);
    return;
  }
  let next: DiskSuspicion | null = previous;
  if (torn || (previous && previous.bound === null)) {
    // A lost write may have held a vote: its term is unknown until every peer answers.
    next = { reason: 'lost-write', bound: null, round: (previous?.round ?? 0) + 1, heard: {} };
  } else if (garbledFrom !== null && !previous) {
    next = { reason: 'corrupted', bound: s.currentTerm, round: 0, heard: {} };
  }
  s.diskSuspect = next;
  if (!next) return;
  if (torn || garbledFrom !== null || next !== previous) save(s, ctx);
  ctx.log(
    next.bound === null
      ? 'will not vote until every peer has said its term and it has caught up with a leader'
      : `will not vote until it has caught up with a leader of term ${next.bound} or later`,
    null,
    { kind: 'disk-suspect', reason: next.reason, bound: next.bound },
  );
  if (next.bound === null) sendProbes(s, ctx);
}

/** Ask every peer not yet heard from in this round for its term, and ask again later. */
export function sendProbes(s: RaftState, ctx: Ctx): void {
  const d = s.diskSuspect;
  if (!d || d.bound !== null) return;
  for (const p of ctx.peers)
    if (d.heard[p] === undefined) ctx.send(p, { type: 'DiskProbe', round: d.round });
  ctx.setTimer('disk-probe', s.options.electionTimeoutMinMs);
}

/** Any server: say our current term. It changes nothing here. */
export function onDiskProbe(s: RaftState, from: NodeId, m: Msg<'DiskProbe'>, ctx: Ctx): void {
  ctx.send(from, { type: 'DiskProbeReply', term: s.currentTerm, round: m.round });
}

/** A suspect server: note a peer's term; with every peer's, fix the bound on its lost vote. */
export function onDiskProbeReply(
  s: RaftState,
  from: NodeId,
  m: Msg<'DiskProbeReply'>,
  ctx: Ctx,
): void {
  const d = s.diskSuspect;
  if (!d || d.bound !== null || m.round !== d.round || !ctx.peers.includes(from)) return;
  const heard = { ...d.heard, [from]: m.term };
  if (ctx.peers.some((p) => heard[p] === undefined)) {
    s.diskSuspect = { ...d, heard };
    return;
  }
  const bound = Math.max(s.currentTerm, ...ctx.peers.map((p) => heard[p] as number));
  s.diskSuspect = { ...d, heard, bound };
  ctx.cancelTimer('disk-probe');
  save(s, ctx);
  ctx.log(
    `heard every peer's term: it could have voted in no term above ${bound}; waits for a leader of term ${bound} or later`,
    null,
    { kind: 'disk-bound', bound },
  );
}

/**
 * After a successful AppendEntries: trust the disk again once caught up with a leader of a
 * late enough term that has committed an entry of its own term (rule 4 above).
 */
export function trustDiskIfCaughtUp(
  s: RaftState,
  m: Msg<'AppendEntries'>,
  lastMatched: number,
  ctx: Ctx,
): void {
  const d = s.diskSuspect;
  if (!d || d.bound === null || m.term < d.bound || m.term !== s.currentTerm) return;
  // Nothing left to send us: we hold the leader's whole log as it was (so also every entry
  // it may still count us for), through an entry it committed in its own term.
  if (m.entries.length > 0 || m.leaderCommit < 1 || lastMatched < m.leaderCommit) return;
  if (termAt(s.log, m.leaderCommit) !== m.term) return;
  s.diskSuspect = null;
  // The leader of this term was elected without us; a vote for it cannot make a second one.
  if (s.votedFor === null) s.votedFor = m.leaderId;
  save(s, ctx);
  ctx.log(
    `trusts its disk again: it holds what ${m.leaderId} committed in term ${m.term}, and may vote`,
    null,
    { kind: 'disk-trusted', term: m.term, leader: m.leaderId },
  );
}
