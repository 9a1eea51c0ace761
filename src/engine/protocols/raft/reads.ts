/**
 * Reads without the log (Raft thesis §6.4), and the unsafe shortcut it replaces.
 *
 * A leader cannot simply answer from its state machine: a newer leader may have been
 * elected behind its back and committed writes it has not seen. The read-index protocol:
 *  1. the leader waits until it has committed an entry of its own term (the §8 no-op), so
 *     its commitIndex covers everything committed before it led;
 *  2. it records readIndex = commitIndex;
 *  3. it starts a heartbeat round and waits until a majority acknowledges a round that began
 *     after step 2 — proof that no newer leader existed when the read was taken;
 *  4. it answers once lastApplied ≥ readIndex.
 * A leader cut off from a majority never gets past step 3 (the client times out); a leader
 * that steps down rejects its pending reads.
 */
import type { NodeContext, NodeId } from '../../protocol';
import { majorityOf, termAt } from './log';
import type { Command, PendingRead, RaftMessage, RaftPersisted, RaftState } from './types';

type Ctx = NodeContext<RaftMessage, RaftPersisted>;
type Get = Extract<Command, { op: 'get' }>;

const shown = (value: string | null) => value ?? 'nil';

/**
 * How many servers of the configuration in force (this one, if a member, included)
 * acknowledged `round` or a later one in this term.
 */
export function acksFor(s: RaftState, self: NodeId, round: number): number {
  return s.config.filter((p) => p === self || (s.ackedRound[p] ?? 0) >= round).length;
}

/** Not the leader: a local or read-index read is refused, like a write. */
export function refuseRead(
  s: RaftState,
  c: Get,
  mode: 'local' | 'read-index' | 'lease',
  ctx: Ctx,
): void {
  ctx.log(`refused a ${mode} read of ${c.key}: it is not the leader`, null, {
    kind: 'read-rejected',
    reason: 'not-leader',
    mode,
    key: c.key,
  });
  if (c.client === null) return;
  ctx.send(c.client, {
    type: 'ClientReply',
    seq: c.seq,
    result: { ok: false, error: 'not-leader', leaderHint: s.leaderId },
  });
}

/** UNSAFE on purpose: answer at once, trusting a belief of leadership that may be stale. */
export function serveLocalRead(s: RaftState, c: Get, ctx: Ctx): void {
  const value = s.kv[c.key] ?? null;
  ctx.log(
    `answered get ${c.key} = ${shown(value)} from its own state, without checking it still leads`,
    null,
    { kind: 'read-served', mode: 'local', key: c.key, value },
  );
  if (c.client !== null)
    ctx.send(c.client, { type: 'ClientReply', seq: c.seq, result: { ok: true, value } });
}

/**
 * Step 1–2 for a newly arrived read. Returns true when a new heartbeat round began: the
 * caller must then send AppendEntries to every follower.
 */
export function acceptReadIndex(s: RaftState, c: Get, ctx: Ctx): boolean {
  if (c.client === null) return false;
  const client = c.client;
  // One pending read per client (a retry replaces it): the list is bounded by the clients.
  s.pendingReads = s.pendingReads.filter((r) => r.client !== client);
  const read: PendingRead = { client, seq: c.seq, key: c.key, readIndex: null, round: null };
  s.pendingReads.push(read);
  const started = startWaitingReads(s);
  ctx.log(
    read.readIndex === null
      ? `holds get ${c.key} until it commits an entry of term ${s.currentTerm}`
      : `will answer get ${c.key} once a majority confirms it still leads (read index ${read.readIndex})`,
    null,
    { kind: 'read-pending', key: c.key, readIndex: read.readIndex },
  );
  return started;
}

/**
 * Steps 1–2 for every read still waiting: once an entry of the current term is committed,
 * each gets readIndex = commitIndex and the next heartbeat round. Returns true when a new
 * round began (the caller broadcasts AppendEntries, which carry the new round).
 */
export function startWaitingReads(s: RaftState): boolean {
  if (s.role !== 'leader' || termAt(s.log, s.commitIndex) !== s.currentTerm) return false;
  const waiting = s.pendingReads.filter((r) => r.readIndex === null);
  if (waiting.length === 0) return false;
  s.readRound++;
  for (const r of waiting) {
    r.readIndex = s.commitIndex;
    r.round = s.readRound;
  }
  return true;
}

/** Steps 3–4: answer every read whose round a majority acknowledged and whose index is applied. */
export function answerReads(s: RaftState, ctx: Ctx): void {
  if (s.role !== 'leader' || s.pendingReads.length === 0) return;
  const needed = majorityOf(s.config.length);
  const still: PendingRead[] = [];
  for (const r of s.pendingReads) {
    const isConfirmed =
      r.round !== null &&
      r.readIndex !== null &&
      acksFor(s, ctx.id, r.round) >= needed &&
      s.lastApplied >= r.readIndex;
    if (!isConfirmed) {
      still.push(r);
      continue;
    }
    const value = s.kv[r.key] ?? null;
    ctx.log(
      `answered get ${r.key} = ${shown(value)}: a majority confirmed it still leads (read index ${r.readIndex})`,
      null,
      { kind: 'read-served', mode: 'read-index', key: r.key, value, readIndex: r.readIndex },
    );
    ctx.send(r.client, { type: 'ClientReply', seq: r.seq, result: { ok: true, value } });
  }
  s.pendingReads = still;
}

/** A leader that steps down can no longer vouch for its state: pending reads are refused. */
export function rejectPendingReads(s: RaftState, ctx: Ctx): void {
  for (const r of s.pendingReads) {
    ctx.log(`refused get ${r.key}: it is no longer the leader`, null, {
      kind: 'read-rejected',
      reason: 'stepped-down',
      mode: 'read-index',
      key: r.key,
    });
    ctx.send(r.client, {
      type: 'ClientReply',
      seq: r.seq,
      result: { ok: false, error: 'not-leader', leaderHint: s.leaderId },
    });
  }
  s.pendingReads = [];
}
