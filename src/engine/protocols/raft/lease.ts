/**
 * Leader leases (Raft thesis §6.4.1): a third linearizable read path, which spends no
 * messages on a read but trusts clocks.
 *
 * The leader counts each AppendEntries broadcast as a heartbeat round and notes when (on its
 * own clock) it sent it. Once a majority has acknowledged a round sent at `start`, no other
 * leader can be elected before `start + electionTimeoutMinMs` as those followers' clocks
 * measure it, because a server that heard from a leader within the minimum election timeout
 * refuses to vote (§6.4.1, using §4.2.3's rule; a restarted server waits that long too, as it
 * may have acknowledged a round just before it crashed). Clocks run at different rates, so
 * the leader's lease ends earlier, by the drift bound: at `start + leaseDurationMs` on its own
 * clock. While it holds, the leader answers reads from its state machine at once. It serves
 * none until it has committed an entry of its term (as ReadIndex, §6.4), so its state covers
 * every write acknowledged before it led. A lease read without a lease becomes a ReadIndex read.
 *
 * Only safe while every clock's rate stays within the bound: a leader whose clock runs slow
 * past it keeps a lease it no longer has, and answers stale reads (the lab shows it).
 */
import type { NodeId } from '../../protocol';
import { termAt } from './log';
import { hasQuorum } from './membership';
import type { Command, RaftOptions, RaftState } from './types';
import type { Ctx } from './server';

type Get = Extract<Command, { op: 'get' }>;

/** How many rounds' send times a leader keeps: acknowledgements come back within a few. */
const ROUNDS_KEPT = 16;

/**
 * How long a lease lasts on the leader's own clock (ms): the minimum election timeout divided
 * by the most two clock rates can differ, (1 + bound) / (1 − bound) — §6.4.1's "election
 * timeout / clock drift bound". With a 10% bound and 150 ms: 150 × 0.9 / 1.1 ≈ 122.7 ms.
 */
export function leaseDurationMs(o: RaftOptions): number {
  const b = o.clockDriftBound;
  return (o.electionTimeoutMinMs * (1 - b)) / (1 + b);
}

/** A broadcast begins a new heartbeat round; remember when it left (leases on, leader only). */
export function beginLeaseRound(s: RaftState, ctx: Ctx): void {
  if (!s.options.leaseReads || s.role !== 'leader') return;
  s.readRound++;
  s.roundSentAt.push([s.readRound, ctx.now()]);
  if (s.roundSentAt.length > ROUNDS_KEPT) s.roundSentAt.shift();
}

/**
 * The newest round a majority of the configuration in force (thesis §4.1; this leader
 * included when it is a member) has acknowledged in this term.
 */
export function majorityRound(s: RaftState, self: NodeId, peers: readonly NodeId[]): number {
  const acked = (id: NodeId) => (id === self ? s.readRound : (s.ackedRound[id] ?? 0));
  const everyone = [self, ...peers];
  const rounds = [...new Set(everyone.map(acked))].sort((a, b) => b - a);
  for (const r of rounds)
    if (
      hasQuorum(
        s,
        everyone.filter((id) => acked(id) >= r),
      )
    )
      return r;
  return 0;
}

/**
 * After an acknowledgement: extend the lease from the newest round a majority acknowledged.
 * A round whose send time was not noted (a ReadIndex round) counts from the latest noted round
 * before it, which left no later: the lease only ever comes out shorter.
 */
export function extendLease(s: RaftState, ctx: Ctx): void {
  if (!s.options.leaseReads || s.role !== 'leader') return;
  const round = majorityRound(s, ctx.id, ctx.peers);
  let sentAt: number | null = null;
  for (const [r, at] of s.roundSentAt) if (r <= round) sentAt = at;
  if (sentAt === null) return;
  const untilMs = sentAt + leaseDurationMs(s.options);
  if (s.lease?.term === s.currentTerm && s.lease.untilMs >= untilMs) return;
  s.lease = { term: s.currentTerm, untilMs };
}

/** Does this server hold a lease now (leader of this term, lease unexpired on its clock)? */
export function holdsLease(s: RaftState, ctx: Ctx): boolean {
  return (
    s.options.leaseReads &&
    s.role === 'leader' &&
    s.lease?.term === s.currentTerm &&
    ctx.now() < s.lease.untilMs &&
    termAt(s.log, s.commitIndex) === s.currentTerm
  );
}

/**
 * Answer a lease read at once if the lease holds; false when it does not (the caller then
 * serves it as a ReadIndex read, which is linearizable without trusting clocks).
 */
export function serveLeaseRead(s: RaftState, c: Get, ctx: Ctx): boolean {
  if (!holdsLease(s, ctx)) {
    const why = !s.options.leaseReads
      ? 'leader leases are off in this lab'
      : termAt(s.log, s.commitIndex) !== s.currentTerm
        ? `it has not yet committed an entry of term ${s.currentTerm}`
        : 'its lease has expired';
    ctx.log(`has no lease for get ${c.key} (${why}): checks with a majority instead`, null, {
      kind: 'lease-missing',
      key: c.key,
    });
    return false;
  }
  const value = s.kv[c.key] ?? null;
  const leftMs = Math.round((s.lease?.untilMs ?? 0) - ctx.now());
  ctx.log(
    `answered get ${c.key} = ${value ?? 'nil'} under its lease (${leftMs} ms left on its clock)`,
    null,
    { kind: 'read-served', mode: 'lease', key: c.key, value, leaseLeftMs: leftMs },
  );
  if (c.client !== null)
    ctx.send(c.client, { type: 'ClientReply', seq: c.seq, result: { ok: true, value } });
  return true;
}

/**
 * §6.4.1 with §4.2.3: with leases on, a server that heard from a leader within the minimum
 * election timeout (or is the leader) ignores a vote request for a newer term — a lease may
 * still hold. Returns true when the request was ignored (and narrated).
 */
export function ignoresVoteForLease(
  s: RaftState,
  candidate: NodeId,
  term: number,
  ctx: Ctx,
): boolean {
  if (!s.options.leaseReads || term <= s.currentTerm) return false;
  const sinceMs = ctx.now() - s.lastLeaderContact;
  const isLeader = s.role === 'leader';
  if (!isLeader && !(sinceMs < s.options.electionTimeoutMinMs)) return false;
  ctx.log(
    isLeader
      ? `ignored ${candidate}'s vote request for term ${term}: it leads, and its lease may hold`
      : `ignored ${candidate}'s vote request for term ${term}: it heard from a leader ${Math.round(sinceMs)} ms ago, whose lease may still hold`,
    null,
    { kind: 'vote-ignored', candidate, term },
  );
  return true;
}

/** A restarted server may have acknowledged a round just before it crashed: wait it out. */
export function waitOutLeases(s: RaftState, ctx: Ctx): void {
  if (s.options.leaseReads) s.lastLeaderContact = ctx.now();
}
