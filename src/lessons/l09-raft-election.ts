/**
 * L9 — Raft I: terms, votes and leader election (CURRICULUM.md §4, L9). Five servers and a
 * client, RaftScope's vocabulary: roles by colour and word, terms on every node, the
 * election timer as an arc. The learner crashes leaders, forces a split vote, takes the
 * cluster below a majority and brings it back.
 */
import { meta } from './l09-raft-election.meta';
import { sandbox } from './l09-raft-election.sandbox';
import { actionsOf, counted, factsOf, inWords, num, saw, why } from './goals';
import {
  crashedLeaders,
  leaderIds,
  downServers,
  elections,
  leaderlessTerms,
  recoveredAfterSplit,
  upServers,
} from './raft-goals';
import type { Lesson } from './types';
import {
  PANELS,
  alignTimers,
  firstUp,
  firstDown,
  splitAndWinner,
  stalled,
  terms,
  restarted,
  CONTROLS,
} from './l09-raft-election.run';

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
      reveal: (ctx) => {
        const crashed = crashedLeaders(ctx)[0];
        const next = elections(ctx).find(
          (f) => crashed !== undefined && f.t > crashed.t && num(f, 'term') > crashed.term,
        );
        const first = factsOf(ctx.trace, 'election-started').find(
          (f) => crashed !== undefined && f.t > crashed.t,
        );
        return [
          saw(
            crashed !== undefined && next !== undefined && leaderIds(ctx).includes(next.node),
            `You crashed ${crashed?.node ?? ''}, the leader in term ${crashed?.term ?? ''}. ${next?.node ?? ''} won a majority of votes in term ${next ? num(next, 'term') : ''} and leads now.`,
          ),
          saw(
            next !== undefined && first?.node === next.node,
            `Nobody appointed ${next?.node ?? ''}: its election timer simply ran out first.`,
          ),
          why(
            'Followers that stop hearing heartbeats start a new term and ask for votes; a majority of votes (from servers whose logs are no newer) makes a leader.',
          ),
        ];
      },
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
            feedback: (ctx) => {
              const r = splitAndWinner(ctx);
              return [
                saw(
                  recoveredAfterSplit(ctx) && r.split,
                  `Raft has no ranking: the candidates split the votes, so term ${r.lost} ended with no leader, and ${r.winner} won term ${r.wonTerm}.`,
                ),
                saw(
                  r.firstTimedOut,
                  `${r.winner} won because its new random timeout ran out first, not because of its number.`,
                ),
              ];
            },
            misconception: 'M26',
          },
          {
            id: 'split',
            text: 'That term ends with no leader; a later term elects one',
            feedback: (ctx) => {
              const r = splitAndWinner(ctx);
              return [
                saw(
                  recoveredAfterSplit(ctx) && r.split,
                  `Right: the votes split, nobody had a majority in term ${r.lost}, and ${r.winner} won term ${r.wonTerm}.`,
                ),
              ];
            },
          },
          {
            id: 'stuck',
            text: 'The cluster is stuck: nobody can ever win',
            feedback: (ctx) => {
              const r = splitAndWinner(ctx);
              return [
                saw(
                  recoveredAfterSplit(ctx),
                  `The cluster was not stuck: ${r.winner} won term ${r.wonTerm}. Each candidate’s timer is randomised again, so one soon runs ahead of the others.`,
                ),
              ];
            },
            misconception: 'M28',
          },
        ],
        answer: 'split',
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
      reveal: (ctx) => {
        const r = splitAndWinner(ctx);
        return [
          saw(
            recoveredAfterSplit(ctx) && r.split,
            `The votes split, so term ${r.lost} had no leader. ${r.winner} then won term ${r.wonTerm}.`,
          ),
          saw(
            r.firstTimedOut,
            `Each candidate waited a new random timeout, and ${r.winner}’s ran out first.`,
          ),
          why('Split votes waste a little time, not safety.'),
        ];
      },
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
            feedback: (ctx) => [
              saw(
                stalled(ctx),
                `The two survivors tried ${terms(leaderlessTerms(ctx))} and won none. The majority is counted over the configured cluster, five servers: two votes are never enough, whoever is alive.`,
              ),
            ],
            misconception: 'M27',
          },
          {
            id: 'no',
            text: 'No — they can never get 3 votes',
            feedback: (ctx) => [
              saw(
                stalled(ctx),
                `Right: in ${terms(leaderlessTerms(ctx))} the two survivors could collect only two votes, and a leader needs three.`,
              ),
            ],
          },
        ],
        answer: 'no',
        holds: stalled,
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
      reveal: (ctx) => [
        saw(
          stalled(ctx),
          `With ${inWords(downServers(ctx).map((n) => n.id))} down, the survivors started elections in ${terms(leaderlessTerms(ctx))}, and none could win.`,
        ),
        why(
          'That is the price of safety: without a majority, Raft stops rather than risk two leaders.',
        ),
      ],
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
      reveal: (ctx) => {
        const back = restarted(ctx);
        const leader = leaderIds(ctx)[0];
        const won = elections(ctx)
          .filter((f) => f.node === leader)
          .at(-1);
        return [
          saw(
            back.length > 0 && won !== undefined && upServers(ctx).length >= 3,
            `You restarted ${inWords(back)}; with ${upServers(ctx).length} of 5 servers up, ${leader ?? ''} won term ${won ? num(won, 'term') : ''}.`,
          ),
          why(
            'Three of five is a majority again. A majority is always counted over the whole configured cluster — that is what makes any two majorities overlap in at least one server.',
          ),
        ];
      },
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
      reveal: (ctx) => {
        const back = new Set(restarted(ctx));
        const moved = [...factsOf(ctx.trace, 'term-adopted'), ...factsOf(ctx.trace, 'stepped-down')]
          .sort((a, b) => a.i - b.i)
          .find((f) => back.has(f.node) && num(f, 'term') > num(f, 'from'));
        return [
          saw(
            moved !== undefined,
            `${moved?.node ?? ''} came back in term ${moved ? num(moved, 'from') : ''}, the term saved on its disk, then heard from a server in term ${moved ? num(moved, 'term') : ''} and moved to it.`,
          ),
          why(
            'Any message with a higher term makes a server a follower in that term — which is how a stale leader, too, learns it has been replaced.',
          ),
        ];
      },
    },
  ],
  sandbox,
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
