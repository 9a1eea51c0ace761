/**
 * L10 — Raft II: partitions, split brain, commit vs append (CURRICULUM.md §4, L10). The
 * client console sends one request to the server the learner picks. A partition leaves the
 * old leader in a minority: it still appends, never commits, and — with unsafe local reads
 * — serves a stale value that the checker flags; ReadIndex refuses to. Healing makes it
 * step down and drop its uncommitted entry.
 */
import { meta } from './l10-raft-partitions.meta';
import { sandbox } from './l10-raft-partitions.sandbox';
import type { Lesson } from './types';
import {
  CONTROLS,
  PANELS,
  send,
  ops,
  minorityCuts,
  majorityLeader,
  minorityAppend,
  requests,
  firstWrite,
  minorityCommitted,
  writeUnanswered,
  readIndexRefused,
  staleLocalReads,
  leaderNow,
} from './l10-raft-partitions.run';
import { actionsOf, counted, factsOf, num, saw, str, varText, why } from './goals';
import { leaderIds, upServers } from './raft-goals';

export const lesson: Lesson = {
  ...meta,
  scenario: { scenarioId: 'raft', seed: 1, nodes: 5, speed: 0.25 },
  steps: [
    {
      id: 'commit',
      title: 'Appended, then committed',
      highlight: leaderIds,
      panels: PANELS,
      prose:
        'The client console on the right sends one request to the server you choose. A leader appends a write to its log (dashed: tentative), replicates it, and commits it (solid) once a majority stores it.',
      task: 'Wait for a leader. In the client console choose it as Server, Value 1, and press SET.',
      allow: { controls: [...CONTROLS], actions: ['protocol:send'] },
      goals: [
        {
          description: 'x = 1 is appended at the leader',
          check: (ctx) =>
            factsOf(ctx.trace, 'appended').some(
              (f) => str(f, 'key') === 'x' && str(f, 'value') === '1',
            ),
        },
        { description: 'x = 1 is committed', check: (ctx) => firstWrite(ctx).committed },
        {
          description: 'The client hears that x = 1 is stored',
          check: (ctx) => firstWrite(ctx).answered,
        },
      ],
      nearMisses: [
        {
          id: 'not-leader',
          when: (ctx) => ops(ctx).some((o) => o.phase === 'fail' && o.fn === 'write'),
          feedback:
            'That server is a follower, and it refused: only the leader takes writes. Choose the node marked leader as Server.',
        },
      ],
      hints: [
        'The leader is the node labelled “leader, term N”.',
        'Select it in the Server list, keep Key x, type 1 in Value, press SET; then click the leader to see its log.',
      ],
      reveal: (ctx) => {
        const w = firstWrite(ctx);
        return [
          saw(
            w.appended !== undefined && w.committed,
            `${w.appended?.node ?? ''} appended x = 1 at index ${w.appended ? num(w.appended, 'index') : ''}, sent it to the followers, and committed it once 3 of 5 stored it.`,
          ),
          saw(w.applied && w.answered, 'Only then did it apply it and answer the client.'),
          why('Appended is not the same as committed.'),
        ];
      },
    },
    {
      id: 'partition',
      title: 'Two leaders',
      highlight: leaderIds,
      panels: ['client', 'inspector', 'events', 'checks', 'partition', 'history'],
      prose:
        'Now cut the leader and one follower off from the other three. The client keeps its links to both sides. What will the three do without heartbeats?',
      task: 'Open “Partition the network”, tick the leader and one follower, and press Split them off.',
      allow: { controls: [...CONTROLS], actions: ['partition'] },
      goals: [
        {
          description: 'The leader and one follower are cut off from the other three',
          check: (ctx) => minorityCuts(ctx).length > 0,
        },
        {
          description: 'The majority side elects a new leader, in a higher term',
          check: (ctx) => majorityLeader(ctx) !== undefined,
        },
        {
          description: 'Two servers show “leader”, in different terms',
          check: (ctx) => {
            const leaders = upServers(ctx).filter((s) => s.role === 'leader');
            return leaders.length === 2 && new Set(leaders.map((s) => s.term)).size === 2;
          },
        },
      ],
      nearMisses: [
        {
          id: 'leader-not-cut',
          when: (ctx) => actionsOf(ctx, 'partition').length > 0 && minorityCuts(ctx).length === 0,
          feedback:
            'The side you split off must be exactly the leader and one follower. Heal is not open in this step: restart it with “Restart this step”.',
        },
      ],
      hints: [
        'The partition tool is under the event log.',
        'Tick the leader and any one follower, then Split them off, and wait.',
      ],
      reveal: (ctx) => {
        const old = upServers(ctx).find((s) => s.id === minorityCuts(ctx)[0]?.oldLeader);
        const fresh = upServers(ctx).find((s) => s.id === majorityLeader(ctx)?.node);
        return [
          saw(
            old?.role === 'leader' && fresh?.role === 'leader' && old.term !== fresh.term,
            `${old?.id ?? ''} still calls itself leader, in term ${old?.term ?? ''}; ${fresh?.id ?? ''} leads the other three, in term ${fresh?.term ?? ''}.`,
          ),
          why(
            'The old leader cannot reach a majority, so it cannot commit anything. Two leaders is not split brain as long as only one of them can commit.',
          ),
        ];
      },
      capture: (ctx) => {
        const cut = minorityCuts(ctx)[0];
        const fresh = majorityLeader(ctx);
        return {
          oldLeader: cut?.oldLeader ?? null,
          newLeader: fresh?.node ?? null,
          minority: cut ? [...cut.group] : [],
        };
      },
    },
    {
      id: 'minority-write',
      title: 'Appended is not committed',
      highlight: (ctx) => [varText(ctx, 'oldLeader')],
      panels: PANELS,
      prose:
        'The old leader still believes it leads. It will take a write, append it and try to replicate it — to the one follower it can reach.',
      task: 'In the client console choose the OLD leader as Server, Value 2, and press SET.',
      allow: { controls: [...CONTROLS], actions: ['protocol:send'] },
      predict: {
        question:
          'The old leader, cut off with one follower, receives SET x = 2. Will any client ever see x = 2 committed?',
        options: [
          {
            id: 'yes',
            text: 'Yes, once the leader has replicated it',
            feedback: (ctx) => [
              saw(
                minorityAppend(ctx) !== undefined && !minorityCommitted(ctx),
                `${varText(ctx, 'oldLeader')} can reach only 2 of 5 servers, never a majority, so x = 2 stayed uncommitted.`,
              ),
            ],
            misconception: 'M31',
          },
          {
            id: 'no',
            text: 'No',
            feedback: (ctx) => [
              saw(
                minorityAppend(ctx) !== undefined &&
                  !minorityCommitted(ctx) &&
                  !ops(ctx).some((o) => o.phase === 'ok' && o.fn === 'write' && o.value === '2'),
                'Right: without a majority x = 2 never committed, and no client was told it was stored.',
              ),
            ],
          },
        ],
        answer: 'no',
        holds: (ctx) =>
          minorityAppend(ctx) !== undefined &&
          !factsOf(ctx.trace, 'applied').some(
            (f) => str(f, 'key') === 'x' && str(f, 'value') === '2',
          ) &&
          !ops(ctx).some((o) => o.phase === 'ok' && o.fn === 'write' && o.value === '2'),
      },
      goals: [
        {
          description: 'x = 2 is appended at the old leader',
          check: (ctx) => minorityAppend(ctx) !== undefined,
        },
        {
          description: 'It stays uncommitted for 2 seconds',
          check: (ctx) => {
            const appended = minorityAppend(ctx);
            if (!appended) return counted(0, 2, 's');
            const committed = factsOf(ctx.trace, 'committed', appended.node).some(
              (f) => num(f, 'index') >= num(appended, 'index'),
            );
            const seconds = committed ? 0 : (ctx.frame.time - appended.t) / 1000;
            return counted(Math.floor(seconds * 10) / 10, 2, 's');
          },
        },
      ],
      nearMisses: [
        {
          id: 'new-leader',
          when: (ctx) => requests(ctx).some((f) => str(f, 'to') === varText(ctx, 'newLeader')),
          feedback:
            'That is the new leader. Send SET x = 2 to the old one — the leader on the small side of the cut.',
        },
      ],
      hints: [
        'The old leader is the one with the lower term.',
        'Select it as Server, Value 2, SET — then click it and watch its log: the entry stays dashed.',
      ],
      reveal: (ctx) => {
        const appended = minorityAppend(ctx);
        const gaveUp = writeUnanswered(ctx, '2');
        return [
          saw(
            appended !== undefined && !minorityCommitted(ctx),
            `x = 2 sits at index ${appended ? num(appended, 'index') : ''} of ${varText(ctx, 'oldLeader')}’s log, dashed: appended, not committed, ${((ctx.frame.time - (appended?.t ?? 0)) / 1000).toFixed(1)} s later.`,
          ),
          saw(
            !ops(ctx).some((o) => o.phase === 'ok' && o.fn === 'write' && o.value === '2'),
            gaveUp
              ? 'The client’s request timed out: its outcome is unknown to the client.'
              : 'The client is still waiting for an answer, and no answer can say “stored”.',
          ),
          why('Without a majority the entry can never commit, so no one will ever read x = 2.'),
        ];
      },
      replayMs: 2500,
    },
    {
      id: 'stale-read',
      title: 'A stale read',
      highlight: (ctx) => [varText(ctx, 'newLeader'), varText(ctx, 'oldLeader')],
      panels: PANELS,
      prose:
        'Reading from “the leader” sounds safe. But a leader that answers from its own state, without checking it still leads, may be deposed already. ReadIndex makes the leader confirm with a majority first.',
      task: 'SET x = 3 at the new leader. Then, with Reads: “leader answers locally”, GET x from the old leader. Then switch Reads to ReadIndex and GET x from the old leader again.',
      allow: { controls: [...CONTROLS], actions: ['protocol:send'] },
      goals: [
        {
          description: 'The new leader acknowledges x = 3',
          check: (ctx) =>
            ops(ctx).some((o) => o.phase === 'ok' && o.fn === 'write' && o.value === '3'),
        },
        {
          description: 'A stale read is flagged by the checker',
          check: (ctx) => {
            const check = ctx.frame.checks.find((c) => c.id === 'no-stale-read');
            return check?.violation != null && check.violation.time >= ctx.start.time;
          },
        },
        {
          description: 'With ReadIndex, the old leader gives no answer',
          check: (ctx) => readIndexRefused(ctx, varText(ctx, 'oldLeader')),
        },
      ],
      nearMisses: [
        {
          id: 'log-read',
          when: (ctx) =>
            requests(ctx).some(
              (f) => str(f, 'to') === varText(ctx, 'oldLeader') && str(f, 'read') === 'log',
            ),
          feedback:
            'A read through the log is safe: it has to commit, and the old leader cannot. Choose Reads: “leader answers locally” to see the unsafe shortcut.',
        },
      ],
      hints: [
        'One request at a time: wait until the console says “Last: …” before the next.',
        'Reads is the last field in the client console; it applies to GET.',
      ],
      reveal: (ctx) => {
        const old = varText(ctx, 'oldLeader');
        const stale = staleLocalReads(ctx).find((f) => f.node === old);
        const flagged = ctx.frame.checks.find((c) => c.id === 'no-stale-read')?.violation;
        return [
          saw(
            stale !== undefined,
            `The deposed leader ${old} answered x = ${stale ? str(stale, 'value') : ''} from its own state after x = 3 had been acknowledged: a stale read.`,
          ),
          saw(
            flagged != null && flagged.time >= ctx.start.time,
            'The checker proved it from the client’s history.',
          ),
          saw(
            readIndexRefused(ctx, old),
            `With ReadIndex, ${old} first had to confirm with a majority that it still leads. It could not, so it gave no answer rather than a wrong one.`,
          ),
          why('A leader that answers reads alone must first make sure it still leads.'),
        ];
      },
    },
    {
      id: 'heal',
      title: 'Healing',
      highlight: (ctx) => [varText(ctx, 'oldLeader')],
      panels: PANELS,
      prose:
        'When the partition heals, the old leader hears about the higher term. What happens to the x = 2 it appended but never committed?',
      task: 'Press Heal network.',
      allow: { controls: [...CONTROLS], actions: ['heal'] },
      goals: [
        {
          description: 'The old leader steps down',
          check: (ctx) => factsOf(ctx.trace, 'stepped-down', varText(ctx, 'oldLeader')).length > 0,
        },
        {
          description: 'Its uncommitted x = 2 is dropped',
          check: (ctx) =>
            factsOf(ctx.trace, 'truncated', varText(ctx, 'oldLeader')).some((f) =>
              JSON.stringify(f.fact.entries ?? []).includes('x=2'),
            ),
        },
      ],
      hints: [
        'Heal network is in the toolbar at the top.',
        'Press it and watch the old leader’s log.',
      ],
      reveal: (ctx) => {
        const old = varText(ctx, 'oldLeader');
        const down = factsOf(ctx.trace, 'stepped-down', old)[0];
        const dropped = factsOf(ctx.trace, 'truncated', old).some((f) =>
          JSON.stringify(f.fact.entries ?? []).includes('x=2'),
        );
        return [
          saw(
            down !== undefined,
            `${old} saw term ${down ? num(down, 'term') : ''} and stepped down.`,
          ),
          saw(
            dropped,
            'It dropped its uncommitted x = 2 and took the new leader’s entries instead.',
          ),
          why('Nothing committed was lost: x = 2 was never committed, so dropping it is safe.'),
        ];
      },
    },
  ],
  sandbox,
  golden: {
    commit: [
      { waitMs: 1500 },
      { act: (ctx) => send({ server: leaderNow(ctx), op: 'put', key: 'x', value: '1' }) },
      { waitMs: 1500 },
    ],
    partition: [
      {
        act: (ctx) => {
          const leader = leaderNow(ctx);
          const others = upServers(ctx)
            .map((s) => s.id)
            .filter((id) => id !== leader);
          return { type: 'partition', groups: [[leader, others[0] ?? ''], others.slice(1)] };
        },
      },
      { waitMs: 3000 },
    ],
    'minority-write': [
      { answer: 'no' },
      {
        act: (ctx) => send({ server: varText(ctx, 'oldLeader'), op: 'put', key: 'x', value: '2' }),
      },
      { waitMs: 2500 },
    ],
    'stale-read': [
      {
        act: (ctx) => send({ server: varText(ctx, 'newLeader'), op: 'put', key: 'x', value: '3' }),
      },
      { waitMs: 800 },
      {
        act: (ctx) =>
          send({ server: varText(ctx, 'oldLeader'), op: 'get', key: 'x', read: 'local' }),
      },
      { waitMs: 500 },
      {
        act: (ctx) =>
          send({ server: varText(ctx, 'oldLeader'), op: 'get', key: 'x', read: 'read-index' }),
      },
      { waitMs: 2500 },
    ],
    heal: [{ act: { type: 'heal' } }, { waitMs: 2000 }],
  },
};
