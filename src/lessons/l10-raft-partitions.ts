/**
 * L10 — Raft II: partitions, split brain, commit vs append (CURRICULUM.md §4, L10). The
 * client console sends one request to the server the learner picks. A partition leaves the
 * old leader in a minority: it still appends, never commits, and — with unsafe local reads
 * — serves a stale value that the checker flags; ReadIndex refuses to. Healing makes it
 * step down and drop its uncommitted entry.
 */
import type { Json, NodeId } from '../engine/protocol';
import type { SimAction } from '../engine/sim/actions';
import { meta } from './l10-raft-partitions.meta';
import { actionsOf, counted, entriesOf, factsOf, num, str, varText } from './goals';
import { elections, leaderAt, leaderIds, upServers } from './raft-goals';
import type { GoalContext, Lesson } from './types';

const CONTROLS = ['play', 'step', 'speed'] as const;
const PANELS = ['client', 'inspector', 'events', 'checks', 'history'] as const;

const send = (args: Record<string, Json>): SimAction => ({
  type: 'protocol',
  node: 'c1',
  action: { id: 'send', args },
});

/** The client's completed operations since the step began. */
const ops = (ctx: GoalContext) =>
  entriesOf(ctx.trace, 'op')
    .filter((e) => e.node === 'c1')
    .map((e) => ({ ...e.op, t: e.t }));

/** The learner's partitions since the step began that split off the leader with one other server. */
function minorityCuts(
  ctx: GoalContext,
): { oldLeader: NodeId; group: readonly NodeId[]; t: number }[] {
  const cuts: { oldLeader: NodeId; group: readonly NodeId[]; t: number }[] = [];
  // A partition is recorded on the trace as a network entry at the moment it was applied.
  const times = entriesOf(ctx.trace, 'net')
    .filter((e) => e.text.startsWith('partition'))
    .map((e) => e.t);
  actionsOf(ctx, 'partition').forEach((a, i) => {
    const t = times[i] ?? ctx.frame.time;
    const leader = leaderAt(ctx, t);
    const group = a.groups.find((g) => leader !== null && g.includes(leader));
    if (leader && group && group.filter((id) => id !== 'c1').length === 2)
      cuts.push({ oldLeader: leader, group, t });
  });
  return cuts;
}

/** A leader elected on the majority side after the cut. */
function majorityLeader(ctx: GoalContext) {
  const cut = minorityCuts(ctx)[0];
  if (!cut) return undefined;
  return elections(ctx).find((f) => f.t > cut.t && !cut.group.includes(f.node));
}

/** x = 2 appended at the old leader, as a fact. */
const minorityAppend = (ctx: GoalContext) =>
  factsOf(ctx.trace, 'appended', varText(ctx, 'oldLeader')).find(
    (f) => str(f, 'key') === 'x' && str(f, 'value') === '2',
  );

const requests = (ctx: GoalContext) => factsOf(ctx.trace, 'request-sent', 'c1');

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
        {
          description: 'x = 1 is committed',
          check: (ctx) => {
            const appended = factsOf(ctx.trace, 'appended').find(
              (f) => str(f, 'key') === 'x' && str(f, 'value') === '1',
            );
            return (
              appended !== undefined &&
              factsOf(ctx.trace, 'committed', appended.node).some(
                (f) => num(f, 'index') >= num(appended, 'index'),
              )
            );
          },
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
      reveal:
        'The leader appended x = 1, sent it to the followers, and committed it once 3 of 5 stored it. Only then did it apply it and answer the client. Appended is not the same as committed.',
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
      reveal:
        'Two nodes call themselves leader — but in different terms. The old one cannot reach a majority, so it cannot commit anything. Two leaders is not split brain as long as only one of them can commit.',
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
            feedback:
              'It can reach only 2 of 5 servers, never a majority, so x = 2 stayed uncommitted — and healing will erase it.',
          },
          {
            id: 'no',
            text: 'No',
            feedback:
              'Right: without a majority the entry can never commit, and the client was told nothing.',
          },
        ],
        answer: 'no',
        misconception: 'M31',
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
      reveal:
        'x = 2 sits in the old leader’s log, dashed: appended, never committed. The client’s request timed out — its outcome is unknown to the client, but no one will ever read x = 2.',
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
          check: (ctx) => {
            const old = varText(ctx, 'oldLeader');
            const asked = requests(ctx).find(
              (f) => str(f, 'to') === old && str(f, 'read') === 'read-index',
            );
            return (
              asked !== undefined &&
              ops(ctx).some((o) => o.t > asked.t && o.phase === 'fail' && o.fn === 'read') &&
              !factsOf(ctx.trace, 'read-served', old).some((f) => str(f, 'mode') === 'read-index')
            );
          },
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
      reveal:
        'The deposed leader answered x = 1 from its own state after x = 3 had been acknowledged: a stale read, and the checker proved it. With ReadIndex it first asks a majority to confirm it still leads — it cannot, so it never answers rather than answer wrong.',
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
      reveal:
        'The old leader saw the higher term, stepped down, and replaced its conflicting entry with the new leader’s. Nothing committed was lost; x = 2 was never committed, so dropping it is safe.',
    },
  ],
  sandbox: {
    prose:
      'Everything is open. Try the curriculum’s challenge: make an acknowledged write seem to disappear with unsafe reads, then show ReadIndex refuses the same trick.',
    challenges: [
      {
        id: 'truncate',
        text: 'Make a leader drop an entry it had appended',
        goal: {
          description: 'A truncation',
          check: (ctx) => factsOf(ctx.trace, 'truncated').length > 0,
        },
      },
      {
        id: 'read-index',
        text: 'Get a ReadIndex read answered by the real leader',
        goal: {
          description: 'A ReadIndex read served',
          check: (ctx) =>
            factsOf(ctx.trace, 'read-served').some((f) => str(f, 'mode') === 'read-index'),
        },
      },
    ],
  },
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

function leaderNow(ctx: GoalContext): NodeId {
  const leader = upServers(ctx).find((s) => s.role === 'leader');
  if (!leader) throw new Error('no leader');
  return leader.id;
}
