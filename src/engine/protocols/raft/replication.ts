/**
 * Log replication and commitment (Raft §5.3–5.4, Figure 2 "AppendEntries RPC" and
 * "Leaders"), and applying committed entries to the key-value state machine.
 */
import type { Json, NodeId } from '../../protocol';
import { describeCommand, lastIndex, termAt } from './log';
import { answerReads, startWaitingReads } from './reads';
import {
  afterCommit,
  hasQuorum,
  learnerProgress,
  noteAppended,
  noteTruncated,
  replicationTargets,
} from './membership';
import type { Command, RaftState } from './types';
import { beginLeaseRound, extendLease } from './lease';
import { applyCommand, type ClientCommand } from './sessions';
import { save, armElectionTimer, observeTerm, type Ctx, type Msg } from './server';
import { isDiskSuspect, trustDiskIfCaughtUp } from './disk';

export function sendAppend(s: RaftState, peer: NodeId, ctx: Ctx): void {
  const next = s.nextIndex[peer] ?? lastIndex(s.log) + 1;
  const prevLogIndex = next - 1;
  ctx.send(peer, {
    type: 'AppendEntries',
    term: s.currentTerm,
    leaderId: ctx.id,
    prevLogIndex,
    prevLogTerm: termAt(s.log, prevLogIndex),
    // Bounded batches keep messages small; the rest follows on the next round.
    entries: s.log.slice(prevLogIndex, prevLogIndex + 16),
    leaderCommit: s.commitIndex,
    readRound: s.readRound,
  });
}

export function broadcastAppend(s: RaftState, ctx: Ctx): void {
  beginLeaseRound(s, ctx); // with leases on, each broadcast is a round (§6.4.1)
  for (const p of replicationTargets(s, ctx)) sendAppend(s, p, ctx);
}

export function onAppendEntries(
  s: RaftState,
  from: NodeId,
  m: Msg<'AppendEntries'>,
  ctx: Ctx,
): void {
  observeTerm(s, m.term, ctx);
  // Echoed so the leader can count this reply towards a read-index round (thesis §6.4).
  const round = m.readRound === undefined ? {} : { readRound: m.readRound };
  const reject = (conflictIndex: number) =>
    ctx.send(from, {
      type: 'AppendEntriesReply',
      term: s.currentTerm,
      success: false,
      matchIndex: 0,
      conflictIndex,
      ...round,
      ...(isDiskSuspect(s) ? { lostEntries: true as const } : {}),
    });
  // 1. Reply false if term < currentTerm.
  if (m.term < s.currentTerm) return reject(0);
  // A current leader exists: candidates step back, everyone resets the election timer.
  if (s.role !== 'follower') s.role = 'follower';
  if (s.leaderId !== m.leaderId) ctx.log(`follows ${m.leaderId} in term ${m.term}`);
  s.leaderId = m.leaderId;
  s.lastLeaderContact = ctx.now();
  armElectionTimer(s, ctx);
  // 2. Reply false if the log has no entry at prevLogIndex whose term matches prevLogTerm.
  if (m.prevLogIndex > lastIndex(s.log)) return reject(lastIndex(s.log) + 1);
  const ourPrevTerm = termAt(s.log, m.prevLogIndex);
  if (ourPrevTerm !== m.prevLogTerm) {
    // Skip back over the whole conflicting term at once (§5.3, "the leader can bypass…").
    let first = m.prevLogIndex;
    while (first > 1 && termAt(s.log, first - 1) === ourPrevTerm) first--;
    return reject(first);
  }
  // 3. If an existing entry conflicts with a new one (same index, different terms), delete
  //    it and all that follow; 4. append any new entries not already in the log. Entries that
  //    already match are kept: a stale, reordered AppendEntries must not truncate the log.
  let changed = false;
  m.entries.forEach((entry, i) => {
    const index = m.prevLogIndex + 1 + i;
    if (index <= lastIndex(s.log) && termAt(s.log, index) === entry.term) return;
    if (index <= lastIndex(s.log)) truncateFrom(s, index, ctx);
    s.log.push(entry);
    changed = true;
  });
  if (changed) save(s, ctx);
  if (changed) noteAppended(s); // §4.1: a configuration is in force once appended
  const lastNew = m.prevLogIndex + m.entries.length;
  // 5. If leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of last new entry).
  if (m.leaderCommit > s.commitIndex) {
    s.commitIndex = Math.max(s.commitIndex, Math.min(m.leaderCommit, lastNew));
    apply(s, ctx);
  }
  trustDiskIfCaughtUp(s, m, lastNew, ctx);
  ctx.send(from, {
    type: 'AppendEntriesReply',
    term: s.currentTerm,
    success: true,
    matchIndex: lastNew,
    conflictIndex: 0,
    ...round,
  });
}

/** Figure 2, AppendEntries receiver, step 3: drop a conflicting entry and all that follow it. */
export function truncateFrom(s: RaftState, index: number, ctx: Ctx): void {
  const dropped = s.log.slice(index - 1);
  const to = lastIndex(s.log);
  const terms = [...new Set(dropped.map((e) => e.term))];
  const which = to === index ? `entry ${index}` : `entries ${index}–${to}`;
  ctx.log(
    `dropped ${which} (term${terms.length > 1 ? 's' : ''} ${terms.join(', ')}): ${to === index ? 'it' : 'they'} conflicted with the leader`,
    null,
    {
      kind: 'truncated',
      from: index,
      to,
      entries: dropped.map((e) => describeCommand(e.command)),
      terms,
    },
  );
  s.log.length = index - 1;
  noteTruncated(s, index, ctx);
}

export function onAppendEntriesReply(
  s: RaftState,
  from: NodeId,
  m: Msg<'AppendEntriesReply'>,
  ctx: Ctx,
): void {
  observeTerm(s, m.term, ctx);
  if (s.role !== 'leader' || m.term !== s.currentTerm) return;
  // Any reply of our term, success or not, says the sender still followed us when it sent it.
  if (m.readRound !== undefined)
    s.ackedRound[from] = Math.max(s.ackedRound[from] ?? 0, m.readRound);
  extendLease(s, ctx);
  if (m.success) {
    // Replies can arrive late or twice: matchIndex only ever grows.
    s.matchIndex[from] = Math.max(s.matchIndex[from] ?? 0, m.matchIndex);
    s.nextIndex[from] = Math.max(s.nextIndex[from] ?? 1, (s.matchIndex[from] ?? 0) + 1);
    advanceCommit(s, ctx);
    const joined = learnerProgress(s, from, ctx); // §4.2.1
    // Keep feeding a member or learner; a removed server only up to the configuration removing it.
    const wanted =
      replicationTargets(s, ctx).includes(from) || (s.matchIndex[from] ?? 0) < s.configIndex;
    if (joined)
      submit(s, joined, ctx); // its broadcast reaches the new member
    else if (wanted && (s.nextIndex[from] ?? 1) <= lastIndex(s.log)) sendAppend(s, from, ctx);
  } else {
    const current = s.nextIndex[from] ?? 1;
    const hint = m.conflictIndex > 0 ? m.conflictIndex : current - 1;
    // A follower that lost entries to its disk does not hold what it acknowledged (disk.ts).
    if (m.lostEntries && m.conflictIndex > 0)
      s.matchIndex[from] = Math.min(s.matchIndex[from] ?? 0, m.conflictIndex - 1);
    // Never behind what the follower is known to hold (a stale rejection can arrive late).
    s.nextIndex[from] = Math.max(1, (s.matchIndex[from] ?? 0) + 1, Math.min(current - 1, hint));
    sendAppend(s, from, ctx);
  }
  answerReads(s, ctx);
}

/**
 * Figure 2, leaders: commitIndex = N if a majority has matchIndex ≥ N and log[N].term is the
 * current term (§5.4.2: entries of earlier terms are committed only indirectly).
 */
export function advanceCommit(s: RaftState, ctx: Ctx): void {
  for (let n = lastIndex(s.log); n > s.commitIndex; n--) {
    if (termAt(s.log, n) !== s.currentTerm && s.options.broken !== 'commit-old-term-by-count')
      continue;
    // A majority of the configuration in force (§4.1); a leader not in it does not count itself.
    const replicas = [ctx.id, ...ctx.peers.filter((p) => (s.matchIndex[p] ?? 0) >= n)];
    if (hasQuorum(s, replicas)) {
      const before = s.commitIndex;
      s.commitIndex = n;
      ctx.log(`committed up to index ${n}`, null, { kind: 'committed', index: n });
      apply(s, ctx);
      // The first commit of this term lets waiting read-index reads start a round (§6.4);
      // the broadcast below carries it.
      startWaitingReads(s);
      broadcastAppend(s, ctx); // tell followers now, not at the next heartbeat
      answerReads(s, ctx);
      // §4.2.2: tell removed servers; a leader outside the committed configuration steps down.
      for (const p of afterCommit(s, before, ctx)) sendAppend(s, p, ctx);
      return;
    }
  }
}

/** Apply committed entries in order; with the session table, a retried command takes effect once. */
export function apply(s: RaftState, ctx: Ctx): void {
  while (s.lastApplied < s.commitIndex) {
    s.lastApplied++;
    const entry = s.log[s.lastApplied - 1];
    if (!entry) throw new Error(`committed index ${s.lastApplied} is missing from the log`);
    const c = entry.command;
    if (c.op === 'noop' || c.op === 'config') continue;
    const { value, tookEffect } = applyCommand(s, c, s.lastApplied, ctx);
    // Narrated by the leader only: five servers applying the same entry is one story.
    if (tookEffect && s.role === 'leader') narrateApplied(s.lastApplied, c, value, ctx);
    if (s.role === 'leader' && c.client !== null && c.client !== ctx.id) {
      ctx.send(c.client, { type: 'ClientReply', seq: c.seq, result: { ok: true, value } });
    }
  }
}

export function narrateApplied(
  index: number,
  c: ClientCommand,
  value: string | null,
  ctx: Ctx,
): void {
  if (c.op === 'put') {
    ctx.log(`applied ${describeCommand(c)} (index ${index})`, null, {
      kind: 'applied',
      index,
      key: c.key,
      value: c.value,
    });
  } else if (c.op === 'incr') {
    ctx.log(`applied ${describeCommand(c)} (index ${index}): ${c.key} = ${value ?? 'nil'}`, null, {
      kind: 'applied',
      index,
      key: c.key,
      value,
      op: 'incr',
    });
  } else {
    ctx.log(`answered get ${c.key} = ${value ?? 'nil'} through the log (index ${index})`, null, {
      kind: 'read-served',
      mode: 'log',
      key: c.key,
      value,
      index,
    });
  }
}

export function submit(s: RaftState, command: Command, ctx: Ctx): void {
  s.log.push({ term: s.currentTerm, command });
  save(s, ctx);
  if (command.op === 'config') noteAppended(s); // §4.1: in force at once
  const index = lastIndex(s.log);
  const kv: Record<string, Json> =
    command.op === 'put'
      ? { key: command.key, value: command.value }
      : command.op === 'get' || command.op === 'incr'
        ? { key: command.key }
        : {};
  ctx.log(`appended ${describeCommand(command)} at index ${index}`, null, {
    kind: 'appended',
    index,
    term: s.currentTerm,
    command: describeCommand(command),
    ...kv,
  });
  broadcastAppend(s, ctx);
  advanceCommit(s, ctx); // a one-node cluster commits at once
}
