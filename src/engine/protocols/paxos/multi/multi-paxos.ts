/**
 * Multi-Paxos as one protocol module (van Renesse & Altinbuken, "Paxos Made Moderately
 * Complex", 2015; Lamport, "Paxos Made Simple", 2001, §3; Chandra et al., "Paxos Made Live",
 * 2007): every server is an acceptor for every slot and a replica applying the decided slots
 * in order to a key-value store; one at a time leads (leader.ts). What a server keeps on disk
 * — its promise, each slot's acceptance, the decided slots and the highest round it used —
 * survives a crash; a restarted server re-applies its decided slots and catches up the rest
 * from the leader. Messages a server sends itself are handled before its handler returns.
 */
import type { Protocol } from '../../../protocol';
import { ballotText } from '../ballot';
import { onAccept, onPrepare } from './acceptor';
import { armElection, commandText, type Ctx } from './context';
import { slotAgreement, slotLearnedOnlyIfChosen, slotValidity } from './invariants';
import {
  heartbeat,
  onAccepted,
  onCatchUp,
  onClientRequest,
  onDecide,
  onHeartbeat,
  onNack,
  onPromise,
  runForLeader,
} from './leader';
import { DEFAULT_MULTI_PAXOS_OPTIONS, quorumOf, readMultiPaxosOptions } from './options';
import { applyDecided } from './replica';
import type {
  MultiPaxosMessage,
  MultiPaxosObservation,
  MultiPaxosOptions,
  MultiPaxosPersisted,
  MultiPaxosState,
  MultiPaxosView,
  SlotView,
} from './types';

/** How many of its latest slots a server's view carries (the slot log shows them). */
export const SLOTS_SHOWN = 16;

function boot(
  ctx: Ctx,
  options: MultiPaxosOptions,
  disk: MultiPaxosPersisted | null,
): MultiPaxosState {
  const s: MultiPaxosState = {
    options,
    promised: disk?.promised ?? null,
    accepted: { ...(disk?.accepted ?? {}) },
    decided: { ...(disk?.decided ?? {}) },
    applied: 0,
    kv: {},
    sessions: {},
    role: 'follower',
    ballot: null,
    maxRound: disk?.maxRound ?? 0,
    promises: {},
    prepareFrom: 1,
    proposals: {},
    nextSlot: 1,
    leader: null,
    fresh: { accepted: [], learned: [] },
    loopback: [],
  };
  if (disk) {
    // The store is rebuilt from the decided slots on disk, in order, as before the crash.
    applyDecided(s, null);
    ctx.log(
      `recovered from disk: promised ${ballotText(s.promised)}, ${Object.keys(s.accepted).length} slots accepted, ${s.applied} applied`,
    );
  } else ctx.persist({ promised: null, accepted: {}, decided: {}, maxRound: 0 });
  armElection(s, ctx);
  return s;
}

function handle(s: MultiPaxosState, from: string, m: MultiPaxosMessage, ctx: Ctx): void {
  switch (m.type) {
    case 'Prepare':
      return onPrepare(s, from, m, ctx);
    case 'Promise':
      return onPromise(s, from, m, ctx);
    case 'Accept':
      return onAccept(s, from, m, ctx);
    case 'Accepted':
      return onAccepted(s, from, m, ctx);
    case 'Nack':
      return onNack(s, from, m, ctx);
    case 'Decide':
      return onDecide(s, from, m, ctx);
    case 'Heartbeat':
      return onHeartbeat(s, from, m, ctx);
    case 'CatchUp':
      return onCatchUp(s, from, m, ctx);
    case 'ClientRequest':
      return onClientRequest(s, from, m, ctx);
    case 'ClientReply':
      return; // servers do not ask
    default: {
      const never: never = m;
      throw new Error(`unexpected message ${JSON.stringify(never)}`);
    }
  }
}

/** Handle what this node sent itself, in order, until nothing is left. */
function drain(s: MultiPaxosState, ctx: Ctx): void {
  for (let q = s.loopback.shift(); q; q = s.loopback.shift()) handle(s, q.from, q.m, ctx);
}

/** A handler call starts: the checkers see only what this call changes. */
function fresh(s: MultiPaxosState): void {
  s.fresh = { accepted: [], learned: [] };
}

/** The last SLOTS_SHOWN slots this server knows of, oldest first. */
export function slotViews(s: MultiPaxosState): SlotView[] {
  const known = [...Object.keys(s.accepted), ...Object.keys(s.decided)].map(Number);
  const top = Math.max(0, ...known);
  const out: SlotView[] = [];
  for (let slot = Math.max(1, top - SLOTS_SHOWN + 1); slot <= top; slot++) {
    const a = s.accepted[slot];
    const d = s.decided[slot];
    const command = d ?? a?.command;
    out.push({
      slot,
      ballot: a ? ballotText(a.ballot) : null,
      value: command ? commandText(command) : '',
      chosen: d !== undefined,
    });
  }
  return out;
}

const ROLE_WORDS = {
  leader: 'leader, acceptor, replica',
  candidate: 'candidate (phase 1), acceptor, replica',
  follower: 'acceptor, replica',
} as const;

export const multiPaxos: Protocol<
  MultiPaxosState,
  MultiPaxosMessage,
  MultiPaxosPersisted,
  MultiPaxosOptions,
  MultiPaxosView
> = {
  id: 'multi-paxos',
  title: 'Multi-Paxos server (leader or acceptor, and replica)',
  defaultOptions: DEFAULT_MULTI_PAXOS_OPTIONS,
  actions: [
    {
      id: 'timeout',
      label: 'Timeout',
      description: 'Run for leader now: phase 1 for every open slot with a higher ballot.',
      shortcut: 'T',
    },
  ],
  init: (ctx, options) => boot(ctx, readMultiPaxosOptions(options), null),
  recover: (ctx, options, disk) => boot(ctx, readMultiPaxosOptions(options), disk),
  onMessage(s, from, m, ctx) {
    fresh(s);
    handle(s, from, m, ctx);
    drain(s, ctx);
  },
  onTimer(s, name, ctx) {
    fresh(s);
    if (name === 'election') runForLeader(s, ctx);
    else if (name === 'heartbeat') heartbeat(s, ctx);
    drain(s, ctx);
  },
  onAction(s, action, ctx) {
    fresh(s);
    if (action.id === 'timeout') {
      if (s.role === 'leader') ctx.log('already leads; a leader does not run again');
      else runForLeader(s, ctx);
    }
    drain(s, ctx);
  },
  view(s) {
    const role = s.role === 'follower' ? 'acceptor' : s.role;
    return {
      role,
      roles: ROLE_WORDS[s.role],
      summary:
        s.role === 'leader'
          ? `leads ${ballotText(s.ballot)}, ${s.applied} applied`
          : `promised ${ballotText(s.promised)}, ${s.applied} applied`,
      promised: ballotText(s.promised),
      ballot: s.ballot ? ballotText(s.ballot) : null,
      leader: s.leader,
      applied: s.applied,
      slots: slotViews(s),
      kv: { ...s.kv },
    };
  },
  observe: (s): MultiPaxosObservation => ({
    mp: 1,
    quorum: quorumOf(s.options),
    accepted: s.fresh.accepted,
    learned: s.fresh.learned,
  }),
  invariants: [slotAgreement, slotValidity, slotLearnedOnlyIfChosen],
};
