/**
 * L9 — Raft I: terms, votes and leader election (CURRICULUM.md §4, L9). Five servers and a
 * client, RaftScope's vocabulary: roles by colour and word, terms on every node, the
 * election timer as an arc. The learner crashes leaders, forces a split vote, takes the
 * cluster below a majority and brings it back.
 */
import type { SimAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import { meta } from './l09-raft-election.meta';
import { actionsOf, counted, factsOf, num } from './goals';
import {
  crashedLeaders,
  leaderIds,
  downServers,
  elections,
  leaderlessTerms,
  recoveredAfterSplit,
  upServers,
} from './raft-goals';
import type { GoalContext, Lesson } from './types';

const CONTROLS = ['play', 'step', 'speed'] as const;
/** The client console stays out of this lesson: it is about elections. */
const PANELS = ['inspector', 'events', 'spacetime', 'checks'] as const;

/** Every running follower times out at the same instant: a split vote. */
function alignTimers(frame: Frame): SimAction[] {
  return frame.nodes
    .filter((n) => n.protocol === 'raft' && n.status === 'up' && n.role !== 'leader')
    .map((n) => ({ type: 'protocol', node: n.id, action: { id: 'timeout' } }));
}

/** The golden path's picks. */
const firstUp = (ctx: GoalContext, role?: string) => {
  const n = upServers(ctx).find((s) => role === undefined || s.role === role);
  if (!n) throw new Error(`no running server${role ? ` with role ${role}` : ''}`);
  return n.id;
};
const firstDown = (ctx: GoalContext) => {
  const n = downServers(ctx)[0];
  if (!n) throw new Error('no crashed server');
  return n.id;
};

/** Restarted since the step began: the learner's restart actions. */
const restarted = (ctx: GoalContext) => actionsOf(ctx, 'restart').map((a) => a.node);

export const lesson: Lesson = {
  ...meta,
  scenario: { scenarioId: 'raft', seed: 3, nodes: 5, speed: 0.25 },
  steps: [
    {
      id: 'crash-leader',
      title: 'Crash the leader',
      highlight: leaderIds,
      panels: PANELS,
      prose:
        'Five servers start as followers. Each waits a random 150–300 ms to hear from a leader; the first to time out becomes a candidate for a new term and asks for votes. A leader then sends heartbeats. What if the leader dies?',
      task: 'Wait for a leader (the node marked leader), then click it and choose Crash.',
      allow: { controls: [...CONTROLS], actions: ['crash'] },
      goals: [
        { description: 'You crashed the leader', check: (ctx) => crashedLeaders(ctx).length > 0 },
        {
          description: 'A new leader is elected, in a higher term',
          check: (ctx) => {
            const crashed = crashedLeaders(ctx)[0];
            return (
              crashed !== undefined &&
              elections(ctx).some((f) => f.t > crashed.t && num(f, 'term') > crashed.term)
            );
          },
        },
      ],
      nearMisses: [
        {
          id: 'crashed-follower',
          when: (ctx) => actionsOf(ctx, 'crash').length > 0 && crashedLeaders(ctx).length === 0,
          feedback:
            'That was not the leader. The leader is the node whose label says “leader” (gold). Restarting is not open in this step: crash the leader too.',
        },
      ],
      hints: [
        'The leader’s label reads “leader, term N”.',
        'Click the leader and choose Crash; then watch the followers’ timer arcs run out.',
      ],
      reveal:
        'The followers stopped hearing heartbeats; the first whose timer ran out started a new term, won a majority of votes and leads now. Nobody appointed it: it was simply first to time out, and its log was up to date.',
    },
    {
      id: 'split-vote',
      title: 'A split vote',
      panels: PANELS,
      prose:
        'Randomised timeouts make it likely that one server times out first. What if several time out at once? Each votes for itself, and a server votes only once per term.',
      task: 'Press Align timers: every running follower times out at the same instant.',
      allow: { controls: [...CONTROLS], actions: ['protocol:timeout'] },
      presets: [
        {
          id: 'align-timers',
          label: 'Align timers',
          description: 'Make every running follower time out at the same instant',
          actions: alignTimers,
        },
      ],
      predict: {
        question: 'Every follower becomes a candidate in the same term at once. What happens?',
        options: [
          {
            id: 'lowest',
            text: 'The lowest-numbered server wins straight away',
            feedback:
              'Raft has no ranking: the candidates split the votes, so that term ended with no leader, and a later one elected whoever timed out first.',
          },
          {
            id: 'split',
            text: 'That term ends with no leader; a later term elects one',
            feedback:
              'Right: the votes split, nobody had a majority, and the randomised timeouts broke the tie in a later term.',
          },
          {
            id: 'stuck',
            text: 'The cluster is stuck: nobody can ever win',
            feedback:
              'Each candidate’s timer is randomised again, so one soon runs ahead of the others and wins a later term.',
          },
        ],
        answer: 'split',
        misconception: 'M28',
        holds: recoveredAfterSplit,
      },
      goals: [
        {
          description: 'Several servers time out at once',
          check: (ctx) =>
            actionsOf(ctx, 'protocol').filter((a) => a.action.id === 'timeout').length >= 2,
        },
        {
          description: 'A term ends without a leader',
          check: (ctx) => leaderlessTerms(ctx).length > 0,
        },
        { description: 'A later term elects a leader', check: recoveredAfterSplit },
      ],
      hints: [
        'The Align timers button is just above the goals.',
        'Press it, then watch the candidates (purple) and their votes in the event log.',
      ],
      reveal:
        'The votes split, so that term had no leader. Each candidate then waited a new random timeout; one ran ahead and won the next term. Split votes waste a little time, not safety.',
    },
    {
      id: 'majority',
      title: 'Below a majority',
      highlight: leaderIds,
      panels: PANELS,
      prose:
        'A leader needs votes from a majority: 3 of the 5 servers. One server is already down. Take down one more server and then the leader, and leave two survivors.',
      task: 'Crash one follower, then the leader, so that three of the five are down.',
      allow: { controls: [...CONTROLS], actions: ['crash'] },
      predict: {
        question: 'With three of the five servers crashed, will the two survivors elect a leader?',
        options: [
          {
            id: 'yes',
            text: 'Yes — a majority of the two live servers is enough',
            feedback:
              'The majority is counted over the configured cluster, five servers: two votes are never enough, whoever is alive.',
          },
          {
            id: 'no',
            text: 'No — they can never get 3 votes',
            feedback: 'Right: two servers can only collect two votes, and a leader needs three.',
          },
        ],
        answer: 'no',
        misconception: 'M27',
        holds: (ctx) =>
          downServers(ctx).length === 3 &&
          leaderlessTerms(ctx).length >= 2 &&
          !upServers(ctx).some((s) => s.role === 'leader'),
      },
      goals: [
        {
          description: 'Three of the five servers are down',
          check: (ctx) => counted(downServers(ctx).length, 3, 'down'),
        },
        {
          description: 'No server leads',
          check: (ctx) =>
            downServers(ctx).length >= 3 && !upServers(ctx).some((s) => s.role === 'leader'),
        },
        {
          description: 'Two terms pass without a leader',
          check: (ctx) =>
            downServers(ctx).length >= 3
              ? counted(leaderlessTerms(ctx).length, 2, 'terms')
              : counted(0, 2, 'terms'),
        },
      ],
      nearMisses: [
        {
          id: 'leader-alive',
          when: (ctx) =>
            downServers(ctx).length >= 3 && upServers(ctx).some((s) => s.role === 'leader'),
          feedback:
            'Three are down, but the leader is still up. It stays leader — it cannot commit anything without a majority, and nobody challenges it. Restart this step: crash a follower first, then the leader.',
        },
        {
          id: 'crashed-client',
          when: (ctx) => actionsOf(ctx, 'crash').some((a) => a.node === 'c1'),
          feedback: 'c1 is the client, not a server: it does not vote.',
        },
      ],
      hints: [
        'Crash a follower first: if you crash the leader first, the three left elect a new one.',
        'Then watch the terms climb on the survivors: each timeout starts an election that cannot win.',
      ],
      reveal:
        'The survivors kept starting elections, term after term, and none could win. That is the price of safety: without a majority, Raft stops rather than risk two leaders.',
    },
    {
      id: 'restart-one',
      title: 'Back to a majority',
      highlight: (ctx) => downServers(ctx).map((s) => s.id),
      panels: PANELS,
      prose: 'Three servers are down. Bring one back: its log and term are on its disk.',
      task: 'Click a crashed server and choose Restart.',
      allow: { controls: [...CONTROLS], actions: ['restart'] },
      goals: [
        { description: 'You restarted a server', check: (ctx) => restarted(ctx).length > 0 },
        {
          description: 'A leader is elected with three servers up',
          check: (ctx) =>
            upServers(ctx).length >= 3 &&
            elections(ctx).length > 0 &&
            upServers(ctx).some((s) => s.role === 'leader'),
        },
      ],
      hints: ['Crashed servers are drawn grey.', 'Click one, choose Restart, and wait.'],
      reveal:
        'Three of five is a majority again, so an election could succeed. A majority is always counted over the whole configured cluster — that is what makes any two majorities overlap in at least one server.',
    },
    {
      id: 'stale-term',
      title: 'A stale term',
      highlight: (ctx) => downServers(ctx).map((s) => s.id),
      panels: PANELS,
      prose:
        'A server that was down missed several terms. It wakes up with the term it had saved, which is now out of date. Terms are logical epochs, not clock times.',
      task: 'Restart another crashed server.',
      allow: { controls: [...CONTROLS], actions: ['restart'] },
      goals: [
        { description: 'You restarted a server', check: (ctx) => restarted(ctx).length > 0 },
        {
          description: 'It sees a higher term and steps down to it',
          check: (ctx) => {
            const back = new Set(restarted(ctx));
            return [
              ...factsOf(ctx.trace, 'term-adopted'),
              ...factsOf(ctx.trace, 'stepped-down'),
            ].some((f) => back.has(f.node) && num(f, 'term') > num(f, 'from'));
          },
        },
      ],
      hints: [
        'Restart one of the grey servers.',
        'Watch the event log: it will say it moved to a higher term.',
      ],
      reveal:
        'The restarted server recovered its old term from disk, then heard from a server in a higher term and adopted it. Any message with a higher term makes a server a follower in that term — which is how a stale leader, too, learns it has been replaced.',
    },
  ],
  sandbox: {
    prose:
      'All controls are open: crash, restart, pause, partition, drop and delay messages, Timeout any server. Then step up a level: the sweep runs 100 elections at once. Find the narrowest timeout spread at which 95% of seeds still elect a leader within two timeouts.',
    challenges: [
      {
        id: 'two-splits',
        text: 'Cause two leaderless terms in a row, then let the cluster recover',
        goal: {
          description: 'Two consecutive leaderless terms, then a leader',
          check: (ctx) => {
            const lost = leaderlessTerms(ctx);
            return lost.some(
              (t, i) => lost[i + 1] === t + 1 && elections(ctx).some((f) => num(f, 'term') > t + 1),
            );
          },
        },
      },
      {
        id: 'term-ten',
        text: 'Reach a leader in term 10 or higher',
        goal: {
          description: 'A leader in term ≥ 10',
          check: (ctx) => elections(ctx).some((f) => num(f, 'term') >= 10),
        },
      },
    ],
  },
  golden: {
    'crash-leader': [
      { waitMs: 1500 },
      { act: (ctx) => ({ type: 'crash', node: firstUp(ctx, 'leader') }) },
      { waitMs: 3000 },
    ],
    'split-vote': [{ answer: 'split' }, { preset: 'align-timers' }, { waitMs: 5000 }],
    majority: [
      { answer: 'no' },
      { act: (ctx) => ({ type: 'crash', node: firstUp(ctx, 'follower') }) },
      { act: (ctx) => ({ type: 'crash', node: firstUp(ctx, 'leader') }) },
      { waitMs: 5000 },
    ],
    'restart-one': [
      { act: (ctx) => ({ type: 'restart', node: firstDown(ctx) }) },
      { waitMs: 3000 },
    ],
    'stale-term': [{ act: (ctx) => ({ type: 'restart', node: firstDown(ctx) }) }, { waitMs: 3000 }],
  },
};
