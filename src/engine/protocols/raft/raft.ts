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
import { boot, type Ctx, type Msg } from './server';
import { electionTimeout, onRequestVote, onRequestVoteReply } from './election';
import { broadcastAppend, onAppendEntries, onAppendEntriesReply, submit } from './replication';
import { isDiskSuspect, onDiskProbe, onDiskProbeReply, recoverFromDisk, sendProbes } from './disk';

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
  recover(ctx, options, persisted) {
    const s = boot(ctx, readRaftOptions(options), persisted);
    recoverFromDisk(s, ctx, persisted);
    return s;
  },
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
      case 'DiskProbe':
        return onDiskProbe(s, from, m, ctx);
      case 'DiskProbeReply':
        return onDiskProbeReply(s, from, m, ctx);
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
    } else if (name === 'disk-probe') sendProbes(s, ctx);
  },
  onAction(s, action, ctx) {
    if (action.id === 'timeout') {
      if (s.role === 'leader') ctx.log('is the leader: it has no election timer to fire');
      else if (isDiskSuspect(s))
        ctx.log('stays a follower: it cannot trust its disk yet, so it may not vote for itself');
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
