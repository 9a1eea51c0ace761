/**
 * A Raft server, as Figure 2 of the extended paper specifies it, with pre-vote (thesis
 * §9.6) and CheckQuorum (§6.2) as options and a no-op entry at the start of each leader's
 * term (§8).
 * Every rule that comes from Figure 2 says so; the broken variants switch single rules off.
 * The rules live by topic: `server.ts` (all servers), `election.ts`, `pre-vote.ts`,
 * `check-quorum.ts`, `replication.ts`, `reads.ts`; this module takes client requests and wires the handlers together.
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
import { electionTimeout, onPreVoteReply, onRequestVote, onRequestVoteReply } from './election';
import { onPreVote } from './pre-vote';
import { checkQuorum, noteHeardFrom } from './check-quorum';
import {
  broadcastAppend,
  onAppendEntries,
  onAppendEntriesReply,
  sendAppend,
  submit,
} from './replication';
import { decideChange, requestChange, startCatchUp } from './membership';
import { isDiskSuspect, onDiskProbe, onDiskProbeReply, recoverFromDisk, sendProbes } from './disk';

export { DEFAULT_RAFT_OPTIONS, readRaftOptions };

function onClientRequest(s: RaftState, from: NodeId, m: Msg<'ClientRequest'>, ctx: Ctx): void {
  const c = m.command;
  if (c.op === 'noop' || c.op === 'config' || c.client === null) return;
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
        e.command.op !== 'config' &&
        e.command.client === c.client &&
        e.command.seq === c.seq,
    );
  if (!pending) submit(s, c, ctx);
}

/** At the leader: carry out AddServer / RemoveServer (thesis §4.2), or narrate why not. */
function changeMembership(
  s: RaftState,
  op: 'add' | 'remove',
  server: NodeId | null,
  ctx: Ctx,
): void {
  const step = decideChange(s, op, server, ctx);
  if (step?.kind === 'append') submit(s, step.command, ctx);
  else if (step?.kind === 'catch-up') {
    startCatchUp(s, step.server, ctx);
    sendAppend(s, step.server, ctx);
  }
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
    {
      id: 'add-server',
      label: 'Add server',
      description:
        'Add the next spare server to the cluster: it catches up as a non-voting learner, then joins (asked of the leader).',
    },
    {
      id: 'remove-server',
      label: 'Remove from cluster',
      description:
        'Remove this server from the configuration (asked of the leader; a removed leader steps down once the change commits).',
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
        noteHeardFrom(s, from, m); // before the reply can change our term (CheckQuorum)
        return onAppendEntriesReply(s, from, m, ctx);
      case 'ClientRequest':
        return onClientRequest(s, from, m, ctx);
      case 'ClientReply':
        return;
      case 'PreVote':
        return onPreVote(s, from, m, ctx);
      case 'PreVoteReply':
        return onPreVoteReply(s, from, m, ctx);
      case 'ChangeMembership':
        return changeMembership(s, m.op, m.server, ctx);
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
      if (!checkQuorum(s, ctx)) return; // stepped down: no majority heard (thesis §6.2)
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
    } else if (action.id === 'add-server') {
      if (requestChange(s, 'add', null, ctx)) changeMembership(s, 'add', null, ctx);
    } else if (action.id === 'remove-server') {
      if (requestChange(s, 'remove', ctx.id, ctx)) changeMembership(s, 'remove', ctx.id, ctx);
    }
  },
  view,
  observe,
  invariants: raftInvariants,
  messageSize: (m) => (m.type === 'AppendEntries' ? 64 + 32 * m.entries.length : 48),
};

export type { LogEntry };
