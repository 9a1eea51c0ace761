/**
 * A Raft server, as Figure 2 of the extended paper specifies it, with pre-vote (thesis
 * §9.6) as an option and a no-op entry at the start of each leader's term (§8).
 * Every rule that comes from Figure 2 says so; the broken variants switch single rules off.
 */
import type { Fact, Json, NodeContext, NodeId, Protocol } from '../../protocol';
import { raftInvariants } from './invariants';
import { describeCommand, isUpToDate, lastIndex, lastTerm, majorityOf, termAt } from './log';
import { DEFAULT_RAFT_OPTIONS, readRaftOptions } from './options';
import {
  acceptReadIndex,
  answerReads,
  refuseRead,
  rejectPendingReads,
  serveLocalRead,
  startWaitingReads,
} from './reads';
import type {
  Command,
  LogEntry,
  RaftMessage,
  RaftOptions,
  RaftPersisted,
  RaftState,
  RaftView,
} from './types';
import { observe, view } from './view';

export { DEFAULT_RAFT_OPTIONS, readRaftOptions };

type Ctx = NodeContext<RaftMessage, RaftPersisted>;
type Msg<T extends RaftMessage['type']> = Extract<RaftMessage, { type: T }>;

const majority = (ctx: Ctx) => majorityOf(ctx.peers.length + 1);

/** Write Figure 2's persistent state; durable before this handler's messages leave. */
function save(s: RaftState, ctx: Ctx): void {
  const votedFor = s.options.broken === 'forget-voted-for' ? null : s.votedFor;
  ctx.persist({ currentTerm: s.currentTerm, votedFor, log: s.log });
}

function armElectionTimer(s: RaftState, ctx: Ctx): void {
  const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = s.options;
  ctx.setTimer('election', min + ctx.random() * (max - min));
}

function boot(ctx: Ctx, options: RaftOptions, disk: RaftPersisted | null): RaftState {
  const s: RaftState = {
    options,
    currentTerm: disk?.currentTerm ?? 0,
    votedFor: disk?.votedFor ?? null,
    log: disk ? [...disk.log] : [],
    role: 'follower',
    commitIndex: 0,
    lastApplied: 0,
    leaderId: null,
    lastLeaderContact: -Infinity,
    votes: [],
    nextIndex: {},
    matchIndex: {},
    kv: {},
    sessions: {},
    localSeq: 0,
    readRound: 0,
    ackedRound: {},
    pendingReads: [],
  };
  if (!disk) save(s, ctx);
  else ctx.log(`recovered term ${s.currentTerm}, ${s.log.length} log entries from disk`);
  armElectionTimer(s, ctx);
  return s;
}

/** Figure 2, all servers: a higher term in any RPC makes us a follower in that term. */
function observeTerm(s: RaftState, term: number, ctx: Ctx): void {
  if (term <= s.currentTerm) return;
  const from = s.currentTerm;
  const was = s.role;
  s.currentTerm = term;
  s.votedFor = null;
  s.role = 'follower';
  s.leaderId = null;
  save(s, ctx);
  const steppedDown: Fact = { kind: 'stepped-down', term, from, role: was };
  if (was === 'leader') {
    ctx.log(`stepped down: saw term ${term}`, 'leader', steppedDown);
    ctx.cancelTimer('heartbeat');
    armElectionTimer(s, ctx);
    rejectPendingReads(s, ctx);
  } else if (was === 'candidate' || was === 'pre-candidate') {
    ctx.log(`stepped down as ${was}: saw term ${term}`, null, steppedDown);
  } else {
    ctx.log(`moved from term ${from} to term ${term}`, null, { kind: 'term-adopted', from, term });
  }
}

function startElection(s: RaftState, ctx: Ctx): void {
  s.currentTerm++;
  s.role = 'candidate';
  s.votedFor = ctx.id;
  s.votes = [ctx.id];
  s.leaderId = null;
  save(s, ctx);
  ctx.log(`started an election for term ${s.currentTerm}`, null, {
    kind: 'election-started',
    term: s.currentTerm,
  });
  armElectionTimer(s, ctx);
  if (s.votes.length >= majority(ctx)) return becomeLeader(s, ctx);
  for (const p of ctx.peers) {
    ctx.send(p, {
      type: 'RequestVote',
      term: s.currentTerm,
      candidateId: ctx.id,
      lastLogIndex: lastIndex(s.log),
      lastLogTerm: lastTerm(s.log),
      preVote: false,
    });
  }
}

function electionTimeout(s: RaftState, ctx: Ctx): void {
  if (s.role === 'leader') return;
  if (!s.options.preVote) return startElection(s, ctx);
  // Pre-vote: ask first, without disturbing anyone's term.
  s.role = 'pre-candidate';
  s.votes = [ctx.id];
  armElectionTimer(s, ctx);
  if (s.votes.length >= majority(ctx)) return startElection(s, ctx);
  for (const p of ctx.peers) {
    ctx.send(p, {
      type: 'RequestVote',
      term: s.currentTerm + 1,
      candidateId: ctx.id,
      lastLogIndex: lastIndex(s.log),
      lastLogTerm: lastTerm(s.log),
      preVote: true,
    });
  }
}

function becomeLeader(s: RaftState, ctx: Ctx): void {
  s.role = 'leader';
  s.leaderId = ctx.id;
  s.votes = [];
  s.ackedRound = {};
  s.pendingReads = [];
  for (const p of ctx.peers) {
    s.nextIndex[p] = lastIndex(s.log) + 1;
    s.matchIndex[p] = 0;
  }
  // §8: a no-op entry of its own term lets the leader commit what earlier terms left.
  s.log.push({ term: s.currentTerm, command: { op: 'noop' } });
  save(s, ctx);
  ctx.log(`became leader for term ${s.currentTerm}`, 'leader', {
    kind: 'leader-elected',
    term: s.currentTerm,
  });
  ctx.cancelTimer('election');
  broadcastAppend(s, ctx);
  ctx.setTimer('heartbeat', s.options.heartbeatMs);
  advanceCommit(s, ctx);
}

function sendAppend(s: RaftState, peer: NodeId, ctx: Ctx): void {
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

function broadcastAppend(s: RaftState, ctx: Ctx): void {
  for (const p of ctx.peers) sendAppend(s, p, ctx);
}

function onRequestVote(s: RaftState, from: NodeId, m: Msg<'RequestVote'>, ctx: Ctx): void {
  const logOk =
    s.options.broken === 'vote-without-log-check' ||
    isUpToDate(s.log, m.lastLogTerm, m.lastLogIndex);
  if (m.preVote) {
    // Grant a pre-vote only if we would vote, and have not heard from a live leader lately.
    const heardLeader = ctx.now() - s.lastLeaderContact < s.options.electionTimeoutMinMs;
    const granted = m.term > s.currentTerm && logOk && !heardLeader;
    ctx.send(from, {
      type: 'RequestVoteReply',
      term: s.currentTerm,
      voteGranted: granted,
      preVote: true,
    });
    return;
  }
  observeTerm(s, m.term, ctx);
  // Figure 2, RequestVote receiver: 1. reply false if term < currentTerm; 2. grant if
  // votedFor is null or candidateId, and the candidate's log is at least as up-to-date.
  const granted =
    m.term === s.currentTerm && (s.votedFor === null || s.votedFor === m.candidateId) && logOk;
  if (granted) {
    s.votedFor = m.candidateId;
    save(s, ctx); // before the reply leaves
    ctx.log(`granted its vote to ${m.candidateId} for term ${m.term}`, null, {
      kind: 'vote-granted',
      to: m.candidateId,
      term: m.term,
    });
    armElectionTimer(s, ctx);
  }
  ctx.send(from, {
    type: 'RequestVoteReply',
    term: s.currentTerm,
    voteGranted: granted,
    preVote: false,
  });
}

function onRequestVoteReply(
  s: RaftState,
  from: NodeId,
  m: Msg<'RequestVoteReply'>,
  ctx: Ctx,
): void {
  if (m.preVote) {
    observeTerm(s, m.term, ctx);
    if (s.role !== 'pre-candidate' || !m.voteGranted || s.votes.includes(from)) return;
    s.votes.push(from);
    if (s.votes.length >= majority(ctx)) startElection(s, ctx);
    return;
  }
  observeTerm(s, m.term, ctx);
  if (
    s.role !== 'candidate' ||
    m.term !== s.currentTerm ||
    !m.voteGranted ||
    s.votes.includes(from)
  )
    return;
  s.votes.push(from);
  if (s.votes.length >= majority(ctx)) becomeLeader(s, ctx);
}

function onAppendEntries(s: RaftState, from: NodeId, m: Msg<'AppendEntries'>, ctx: Ctx): void {
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
  const lastNew = m.prevLogIndex + m.entries.length;
  // 5. If leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of last new entry).
  if (m.leaderCommit > s.commitIndex) {
    s.commitIndex = Math.max(s.commitIndex, Math.min(m.leaderCommit, lastNew));
    apply(s, ctx);
  }
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
function truncateFrom(s: RaftState, index: number, ctx: Ctx): void {
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
}

function onAppendEntriesReply(
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
  if (m.success) {
    // Replies can arrive late or twice: matchIndex only ever grows.
    s.matchIndex[from] = Math.max(s.matchIndex[from] ?? 0, m.matchIndex);
    s.nextIndex[from] = Math.max(s.nextIndex[from] ?? 1, (s.matchIndex[from] ?? 0) + 1);
    advanceCommit(s, ctx);
    if ((s.nextIndex[from] ?? 1) <= lastIndex(s.log)) sendAppend(s, from, ctx);
  } else {
    const current = s.nextIndex[from] ?? 1;
    const hint = m.conflictIndex > 0 ? m.conflictIndex : current - 1;
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
function advanceCommit(s: RaftState, ctx: Ctx): void {
  for (let n = lastIndex(s.log); n > s.commitIndex; n--) {
    if (termAt(s.log, n) !== s.currentTerm && s.options.broken !== 'commit-old-term-by-count')
      continue;
    const replicas = 1 + ctx.peers.filter((p) => (s.matchIndex[p] ?? 0) >= n).length;
    if (replicas >= majority(ctx)) {
      s.commitIndex = n;
      ctx.log(`committed up to index ${n}`, null, { kind: 'committed', index: n });
      apply(s, ctx);
      // The first commit of this term lets waiting read-index reads start a round (§6.4);
      // the broadcast below carries it.
      startWaitingReads(s);
      broadcastAppend(s, ctx); // tell followers now, not at the next heartbeat
      answerReads(s, ctx);
      return;
    }
  }
}

/** Apply committed entries in order; a client's retried command takes effect once. */
function apply(s: RaftState, ctx: Ctx): void {
  while (s.lastApplied < s.commitIndex) {
    s.lastApplied++;
    const entry = s.log[s.lastApplied - 1];
    if (!entry) throw new Error(`committed index ${s.lastApplied} is missing from the log`);
    const c = entry.command;
    if (c.op === 'noop') continue;
    const session = c.client === null ? undefined : s.sessions[c.client];
    let value: string | null;
    if (session && session.seq >= c.seq) {
      value = session.value; // a duplicate of a command already applied
    } else {
      if (c.op === 'put') s.kv[c.key] = c.value;
      value = s.kv[c.key] ?? null;
      if (c.client !== null) s.sessions[c.client] = { seq: c.seq, value };
      // Narrated by the leader only: five servers applying the same entry is one story.
      if (s.role === 'leader') narrateApplied(s.lastApplied, c, value, ctx);
    }
    if (s.role === 'leader' && c.client !== null && c.client !== ctx.id) {
      ctx.send(c.client, { type: 'ClientReply', seq: c.seq, result: { ok: true, value } });
    }
  }
}

function narrateApplied(
  index: number,
  c: Extract<Command, { op: 'put' | 'get' }>,
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

function submit(s: RaftState, command: Command, ctx: Ctx): void {
  s.log.push({ term: s.currentTerm, command });
  save(s, ctx);
  const index = lastIndex(s.log);
  const kv: Record<string, Json> =
    command.op === 'put'
      ? { key: command.key, value: command.value }
      : command.op === 'get'
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

function onClientRequest(s: RaftState, from: NodeId, m: Msg<'ClientRequest'>, ctx: Ctx): void {
  const c = m.command;
  if (c.op === 'noop' || c.client === null) return;
  const mode = c.op === 'get' ? (c.read ?? 'log') : 'log';
  if (s.role !== 'leader' && c.op === 'get' && mode !== 'log') return refuseRead(s, c, mode, ctx);
  if (s.role !== 'leader') {
    ctx.send(from, {
      type: 'ClientReply',
      seq: c.seq,
      result: { ok: false, error: 'not-leader', leaderHint: s.leaderId },
    });
    return;
  }
  // Reads that skip the log skip the session table too: they change nothing.
  if (c.op === 'get' && mode === 'local') return serveLocalRead(s, c, ctx);
  if (c.op === 'get' && mode === 'read-index') {
    if (acceptReadIndex(s, c, ctx)) broadcastAppend(s, ctx);
    answerReads(s, ctx); // a one-node cluster is its own majority
    return;
  }
  const session = s.sessions[c.client];
  if (session && session.seq >= c.seq) {
    ctx.send(from, { type: 'ClientReply', seq: c.seq, result: { ok: true, value: session.value } });
    return;
  }
  // A retry of a command still in flight in this term is not appended twice.
  const pending = s.log.some(
    (e, i) =>
      i >= s.lastApplied &&
      e.command.op !== 'noop' &&
      e.command.client === c.client &&
      e.command.seq === c.seq,
  );
  if (!pending) submit(s, c, ctx);
}

export const raft: Protocol<RaftState, RaftMessage, RaftPersisted, RaftOptions, RaftView> = {
  id: 'raft',
  title: 'Raft',
  defaultOptions: DEFAULT_RAFT_OPTIONS,
  actions: [
    {
      id: 'timeout',
      label: 'Timeout',
      description: 'Make this node’s election timer fire now.',
      shortcut: 'T',
    },
    {
      id: 'client-request',
      label: 'Client request',
      description: 'Submit a write at this node (only a leader accepts it).',
    },
  ],
  init: (ctx, options) => boot(ctx, readRaftOptions(options), null),
  recover: (ctx, options, persisted) => boot(ctx, readRaftOptions(options), persisted),
  onMessage(s, from, m, ctx) {
    switch (m.type) {
      case 'RequestVote':
        return onRequestVote(s, from, m, ctx);
      case 'RequestVoteReply':
        return onRequestVoteReply(s, from, m, ctx);
      case 'AppendEntries':
        return onAppendEntries(s, from, m, ctx);
      case 'AppendEntriesReply':
        return onAppendEntriesReply(s, from, m, ctx);
      case 'ClientRequest':
        return onClientRequest(s, from, m, ctx);
      case 'ClientReply':
        return;
      default: {
        const never: never = m;
        throw new Error(`unexpected message ${JSON.stringify(never)}`);
      }
    }
  },
  onTimer(s, name, ctx) {
    if (name === 'election') electionTimeout(s, ctx);
    else if (name === 'heartbeat' && s.role === 'leader') {
      broadcastAppend(s, ctx);
      ctx.setTimer('heartbeat', s.options.heartbeatMs);
    }
  },
  onAction(s, action, ctx) {
    if (action.id === 'timeout') {
      if (s.role === 'leader') ctx.log('is the leader: it has no election timer to fire');
      else electionTimeout(s, ctx);
    } else if (action.id === 'client-request') {
      if (s.role !== 'leader') {
        ctx.log(
          `is not the leader${s.leaderId ? `; ${s.leaderId} is` : ''}: the request is refused`,
        );
        return;
      }
      s.localSeq++;
      submit(
        s,
        { op: 'put', client: null, seq: s.localSeq, key: 'x', value: `${ctx.id}.${s.localSeq}` },
        ctx,
      );
    }
  },
  view,
  observe,
  invariants: raftInvariants,
  messageSize: (m) => (m.type === 'AppendEntries' ? 64 + 32 * m.entries.length : 48),
};

export type { LogEntry };
