/**
 * Single-decree Paxos as one protocol module: every node an acceptor and a learner, some
 * also proposers (`options.proposer`). Acceptors persist their promise and acceptance before
 * replying (a crash keeps them); a proposer persists the highest round it used, so a restart
 * never reuses a ballot with another value. Messages a node sends itself are handled before
 * its handler returns (the loopback queue), so each role speaks only through messages.
 */
import type { Protocol } from '../../protocol';
import { onAccept, onPrepare } from './acceptor';
import { ballotText } from './ballot';
import type { Ctx } from './context';
import { agreement, learnedOnlyIfChosen, validity } from './invariants';
import { onAccepted, onChosen } from './learner';
import { onHeartbeat, onHeartbeatTimer, startLeaderMode } from './leader';
import { DEFAULT_PAXOS_OPTIONS, readPaxosOptions } from './options';
import {
  onAcceptedByProposer,
  onLearned,
  onNack,
  onPromise,
  onRetryTimer,
  propose,
} from './proposer';
import type {
  PaxosMessage,
  PaxosObservation,
  PaxosOptions,
  PaxosPersisted,
  PaxosState,
  PaxosView,
} from './types';

function boot(ctx: Ctx, options: PaxosOptions, disk: PaxosPersisted | null): PaxosState {
  const s: PaxosState = {
    options,
    promised: disk?.promised ?? null,
    accepted: disk?.accepted ?? null,
    phase: 'idle',
    ballot: null,
    maxRound: disk?.maxRound ?? 0,
    promises: {},
    accepts: [],
    proposal: null,
    ballotsStarted: 0,
    attempt: 0,
    votes: {},
    learned: null,
    loopback: [],
    leaderMode: false,
    leaderSince: 0,
    heardAt: {},
    following: null,
  };
  if (disk) {
    ctx.log(
      `recovered from disk: promised ${ballotText(s.promised)}, accepted ${s.accepted ? `${s.accepted.value} in ${ballotText(s.accepted.ballot)}` : 'nothing'}`,
    );
  } else ctx.persist({ promised: null, accepted: null, maxRound: 0 });
  if (options.leader) startLeaderMode(s, ctx);
  // A proposer that restarts proposes again at once: it does not know what was chosen.
  if (options.proposer && (disk || options.proposeAtMs !== null))
    ctx.setTimer('retry', disk ? options.retryMs : (options.proposeAtMs ?? 0));
  return s;
}

function handle(s: PaxosState, from: string, m: PaxosMessage, ctx: Ctx): void {
  switch (m.type) {
    case 'Prepare':
      return onPrepare(s, from, m, ctx);
    case 'Promise':
      return onPromise(s, from, m, ctx);
    case 'Accept':
      return onAccept(s, from, m, ctx);
    case 'Accepted':
      onAcceptedByProposer(s, from, m);
      onAccepted(s, from, m, ctx);
      return onLearned(s, ctx);
    case 'Nack':
      return onNack(s, from, m, ctx);
    case 'Chosen':
      onChosen(s, from, m, ctx);
      return onLearned(s, ctx);
    case 'Heartbeat':
      return onHeartbeat(s, from, ctx);
    default: {
      const never: never = m;
      throw new Error(`unexpected message ${JSON.stringify(never)}`);
    }
  }
}

/** Handle what this node sent itself, in order, until nothing is left. */
function drain(s: PaxosState, ctx: Ctx): void {
  for (let m = s.loopback.shift(); m; m = s.loopback.shift()) handle(s, ctx.id, m, ctx);
}

/** The current ballot's phase-1 quorum once the proposer has one (what chosen.ts records). */
function phase1Quorum(s: PaxosState): [string, string[]] | null {
  if (!s.ballot) return null;
  const promised = Object.keys(s.promises);
  return promised.length >= s.options.q1 ? [ballotText(s.ballot), promised] : null;
}

const roleWords = (o: PaxosOptions) =>
  o.proposer ? 'proposer, acceptor, learner' : 'acceptor, learner';

export const paxos: Protocol<PaxosState, PaxosMessage, PaxosPersisted, PaxosOptions, PaxosView> = {
  id: 'paxos',
  title: 'Paxos node (proposer, acceptor, learner)',
  defaultOptions: DEFAULT_PAXOS_OPTIONS,
  actions: [
    {
      id: 'propose',
      label: 'Propose',
      description: 'Start a new ballot now, with a round above every round this node has seen.',
    },
    {
      id: 'leader-mode',
      label: 'Follow a leader',
      description:
        'Distinguished proposer (Paxos Made Simple, §2.4): from now on this proposer starts ballots only while it hears no heartbeat from a lower-id proposer.',
    },
  ],
  init: (ctx, options) => boot(ctx, readPaxosOptions(options), null),
  recover: (ctx, options, disk) => boot(ctx, readPaxosOptions(options), disk),
  onMessage(s, from, m, ctx) {
    handle(s, from, m, ctx);
    drain(s, ctx);
  },
  onTimer(s, name, ctx) {
    if (name === 'retry') onRetryTimer(s, ctx);
    else if (name === 'heartbeat') onHeartbeatTimer(s, ctx);
    drain(s, ctx);
  },
  onAction(s, action, ctx) {
    if (action.id === 'propose') {
      if (!s.options.proposer) ctx.log('is not a proposer here; only proposers start ballots');
      else if (s.learned) ctx.log(`already knows ${s.learned.value} is chosen`);
      else propose(s, ctx);
    } else if (action.id === 'leader-mode') {
      if (s.leaderMode) ctx.log('already follows a leader');
      else {
        startLeaderMode(s, ctx);
        ctx.log('follows a distinguished proposer from now on', null, { kind: 'leader-mode' });
      }
    }
    drain(s, ctx);
  },
  view(s) {
    const accepted = s.accepted ? `${s.accepted.value} in ${ballotText(s.accepted.ballot)}` : '—';
    const mine = s.options.proposer;
    return {
      role: mine ? 'proposer' : 'acceptor',
      roles: roleWords(s.options),
      summary: s.learned
        ? `chosen: ${s.learned.value}`
        : mine && s.ballot
          ? `ballot ${ballotText(s.ballot)}, ${s.phase}`
          : `promised ${ballotText(s.promised)}`,
      promised: ballotText(s.promised),
      accepted,
      learned: s.learned?.value ?? null,
      phase: mine ? s.phase : null,
      ballot: mine ? ballotText(s.ballot) : null,
      proposal: s.proposal,
      ballotsStarted: s.ballotsStarted,
      leaderMode: s.leaderMode,
      following: s.following,
    };
  },
  observe: (s): PaxosObservation => ({
    accepted: s.accepted ? [ballotText(s.accepted.ballot), s.accepted.value] : null,
    learned: s.learned?.value ?? null,
    input: s.options.proposer ? s.options.value : null,
    q2: s.options.q2,
    phase1: phase1Quorum(s),
  }),
  invariants: [agreement, validity, learnedOnlyIfChosen],
};
