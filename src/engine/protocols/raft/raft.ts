/**
 * A Raft server, as Figure 2 of the extended paper specifies it, with pre-vote (thesis
 * §9.6) as an option and a no-op entry at the start of each leader's term (§8).
 * Every rule that comes from Figure 2 says so; the broken variants switch single rules off.
 */
import type { Json, NodeContext, NodeId, Protocol } from '../../protocol';
import { raftInvariants } from './invariants';
import { describeCommand, entryKey, isUpToDate, lastIndex, lastTerm, termAt } from './log';
import type {
  Command,
  LogEntry,
  RaftMessage,
  RaftObservation,
  RaftOptions,
  RaftPersisted,
  RaftState,
  RaftView,
} from './types';

type Ctx = NodeContext<RaftMessage, RaftPersisted>;
type Msg<T extends RaftMessage['type']> = Extract<RaftMessage, { type: T }>;

export const DEFAULT_RAFT_OPTIONS: RaftOptions = {
  electionTimeoutMinMs: 150,
  electionTimeoutMaxMs: 300,
  heartbeatMs: 50,
  preVote: false,
  broken: null,
};

const BROKEN = new Set(['vote-without-log-check', 'commit-old-term-by-count', 'forget-voted-for']);

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
  };
}

const majority = (ctx: Ctx) => Math.floor((ctx.peers.length + 1) / 2) + 1;

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
  };
  if (!disk) save(s, ctx);
  else ctx.log(`recovered term ${s.currentTerm}, ${s.log.length} log entries from disk`);
  armElectionTimer(s, ctx);
  return s;
}

/** Figure 2, all servers: a higher term in any RPC makes us a follower in that term. */
function observeTerm(s: RaftState, term: number, ctx: Ctx): void {
  if (term <= s.currentTerm) return;
  const wasLeader = s.role === 'leader';
  s.currentTerm = term;
  s.votedFor = null;
  s.role = 'follower';
  s.leaderId = null;
  save(s, ctx);
  if (wasLeader) {
    ctx.log(`stepped down: saw term ${term}`, 'leader');
    ctx.cancelTimer('heartbeat');
    armElectionTimer(s, ctx);
  }
}

function startElection(s: RaftState, ctx: Ctx): void {
  s.currentTerm++;
  s.role = 'candidate';
  s.votedFor = ctx.id;
  s.votes = [ctx.id];
  s.leaderId = null;
  save(s, ctx);
  ctx.log(`started an election for term ${s.currentTerm}`);
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
  for (const p of ctx.peers) {
    s.nextIndex[p] = lastIndex(s.log) + 1;
    s.matchIndex[p] = 0;
  }
  // §8: a no-op entry of its own term lets the leader commit what earlier terms left.
  s.log.push({ term: s.currentTerm, command: { op: 'noop' } });
  save(s, ctx);
  ctx.log(`became leader for term ${s.currentTerm}`, 'leader');
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
    ctx.log(`granted its vote to ${m.candidateId} for term ${m.term}`);
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
  const reject = (conflictIndex: number) =>
    ctx.send(from, {
      type: 'AppendEntriesReply',
      term: s.currentTerm,
      success: false,
      matchIndex: 0,
      conflictIndex,
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
    if (index <= lastIndex(s.log)) s.log.length = index - 1;
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
  });
}

function onAppendEntriesReply(
  s: RaftState,
  from: NodeId,
  m: Msg<'AppendEntriesReply'>,
  ctx: Ctx,
): void {
  observeTerm(s, m.term, ctx);
  if (s.role !== 'leader' || m.term !== s.currentTerm) return;
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
      ctx.log(`committed up to index ${n}`);
      apply(s, ctx);
      broadcastAppend(s, ctx); // tell followers now, not at the next heartbeat
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
    }
    if (s.role === 'leader' && c.client !== null && c.client !== ctx.id) {
      ctx.send(c.client, { type: 'ClientReply', seq: c.seq, result: { ok: true, value } });
    }
  }
}

function submit(s: RaftState, command: Command, ctx: Ctx): void {
  s.log.push({ term: s.currentTerm, command });
  save(s, ctx);
  ctx.log(`appended ${describeCommand(command)} at index ${lastIndex(s.log)}`);
  broadcastAppend(s, ctx);
  advanceCommit(s, ctx); // a one-node cluster commits at once
}

function onClientRequest(s: RaftState, from: NodeId, m: Msg<'ClientRequest'>, ctx: Ctx): void {
  const c = m.command;
  if (c.op === 'noop' || c.client === null) return;
  if (s.role !== 'leader') {
    ctx.send(from, {
      type: 'ClientReply',
      seq: c.seq,
      result: { ok: false, error: 'not-leader', leaderHint: s.leaderId },
    });
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

function view(s: RaftState): RaftView {
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
  };
}

/**
 * For the invariants, after every event. The whole log goes each time: fine for the
 * short logs of the lab and of simulation tests (O(log length) per event).
 */
function observe(s: RaftState): Json {
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

export const raft: Protocol<RaftState, RaftMessage, RaftPersisted, RaftOptions, RaftView> = {
  id: 'raft',
  title: 'Raft',
  defaultOptions: DEFAULT_RAFT_OPTIONS,
  actions: [
    { id: 'timeout', label: 'Timeout', description: 'Make this node’s election timer fire now.' },
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
