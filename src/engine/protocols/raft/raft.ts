/**
 * A Raft server, as Figure 2 of the extended paper specifies it, with pre-vote (thesis
 * §9.6) as an option and a no-op entry at the start of each leader's term (§8).
 * Every rule that comes from Figure 2 says so; the broken variants switch single rules off.
 * The rules live by topic: `server.ts` (all servers), `election.ts`, `replication.ts`,
 * `reads.ts`; this module takes client requests and wires the handlers together.
 */
import type { NodeId, Protocol } from '../../protocol';
import { raftInvariants } from './invariants';
import { DEFAULT_RAFT_OPTIONS, readRaftOptions } from './options';
import { acceptReadIndex, answerReads, refuseRead, serveLocalRead } from './reads';
import type {
  LogEntry,
  RaftMessage,
  RaftOptions,
  RaftPersisted,
  RaftState,
  RaftView,
} from './types';
import { observe, view } from './view';
import { serveLeaseRead } from './lease';
import { narrateSessionAnswer, sessionAnswer } from './sessions';
import { boot, type Ctx, type Msg } from './server';
import { electionTimeout, onRequestVote, onRequestVoteReply } from './election';
import { broadcastAppend, onAppendEntries, onAppendEntriesReply, submit } from './replication';

export { DEFAULT_RAFT_OPTIONS, readRaftOptions };

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
  if (c.op === 'get' && mode === 'lease' && serveLeaseRead(s, c, ctx)) return;
  // A lease read without a lease is served as ReadIndex: linearizable without trusting clocks.
  if (c.op === 'get' && (mode === 'read-index' || mode === 'lease')) {
    if (acceptReadIndex(s, c, ctx)) broadcastAppend(s, ctx);
    answerReads(s, ctx); // a one-node cluster is its own majority
    return;
  }
  const known = sessionAnswer(s, c);
  if (known) {
    narrateSessionAnswer(c, known, 'retry', known.index, ctx);
    ctx.send(from, { type: 'ClientReply', seq: c.seq, result: { ok: true, value: known.value } });
    return;
  }
  // A retry of a command still in flight in this term is not appended twice (part of the
  // session mechanism: with the table off, every request that arrives is appended).
  const pending =
    s.options.sessions &&
    s.log.some(
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
