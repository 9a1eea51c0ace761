/**
 * L1 — No "now": concurrency, no global clock, partial failure (CURRICULUM.md §4, L1).
 * Three nodes A, B, C on links of very different latency (A–C 700 ms, A–B 300 ms,
 * B–C 60 ms), each keeping a log of the notes it has seen, stamped by its own clock.
 */
import type { NodeId } from '../engine/protocol';
import type { NoteEntry } from '../engine/protocols/notes/notes';
import type { FrameNode } from '../engine/sim/frame';
import { meta } from './l01-no-now.meta';
import {
  actionsOf,
  entriesOf,
  factsOf,
  nodeById,
  num,
  saw,
  str,
  usedProtocolAction,
  viewField,
  why,
} from './goals';
import type { GoalContext, Lesson } from './types';

const noteIds = (n: FrameNode | undefined): string[] =>
  ((viewField(n, 'log') as NoteEntry[] | undefined) ?? []).map((e) => e.id);

/** Two nodes whose logs hold the same two notes in opposite orders. */
function disagreement(ctx: GoalContext): [NodeId, NodeId] | null {
  const nodes = ctx.frame.nodes;
  for (const a of nodes)
    for (const b of nodes) {
      if (a.id >= b.id) continue;
      const la = noteIds(a);
      const lb = noteIds(b);
      for (let i = 0; i < la.length; i++)
        for (let j = i + 1; j < la.length; j++) {
          const x = la[i] as string;
          const y = la[j] as string;
          const bx = lb.indexOf(x);
          const by = lb.indexOf(y);
          if (bx >= 0 && by >= 0 && by < bx) return [a.id, b.id];
        }
    }
  return null;
}

const logOf = (ctx: GoalContext, id: NodeId) => noteIds(nodeById(ctx, id)).join(', ');

/** A virtual time in words. */
const at = (t: number | undefined) => `${Math.round(t ?? 0)} ms`;

/** A's timeout on C since the step began, and the ping it gave up on. */
function timeoutOnC(ctx: GoalContext) {
  const timeout = factsOf(ctx.trace, 'ping-timeout', 'A').find((f) => str(f, 'peer') === 'C');
  const pinged = factsOf(ctx.trace, 'ping-sent', 'A')
    .filter((f) => timeout !== undefined && f.t <= timeout.t)
    .at(-1);
  return { timeout, pinged };
}

const timedOut = (ctx: GoalContext, peer: NodeId) =>
  factsOf(ctx.trace, 'ping-timeout', 'A').some((f) => str(f, 'peer') === peer);

const crashedByLearner = (ctx: GoalContext, id: NodeId) =>
  actionsOf(ctx, 'crash').some((a) => a.node === id);

/** Between A's last ping to C and its timeout, did anything from C reach A? */
function silentUntilTimeout(ctx: GoalContext): boolean {
  const { timeout, pinged } = timeoutOnC(ctx);
  if (!timeout || !pinged) return false;
  return !entriesOf(ctx.trace, 'deliver').some(
    (d) => d.node === 'A' && d.from === 'C' && d.t >= pinged.t && d.t <= timeout.t,
  );
}

export const lesson: Lesson = {
  ...meta,
  scenario: { scenarioId: 'notes', seed: 1, speed: 0.25 },
  steps: [
    {
      id: 'orders',
      title: 'Same events, different orders',
      highlight: () => ['A', 'B'],
      panels: ['inspector', 'events'],
      prose:
        'A, B and C each keep a log of the notes they have seen. A note reaches each peer after that link’s delay: A–C is slow (700 ms), B–C is fast (60 ms). Is there one true order in which “things happened”?',
      task: 'Click A and choose Broadcast note; then, quickly, do the same on B.',
      allow: { controls: ['play', 'step', 'speed'], actions: ['protocol:broadcast'] },
      goals: [
        {
          description: 'A and B each broadcast a note',
          check: (ctx) =>
            usedProtocolAction(ctx, 'broadcast', 'A') && usedProtocolAction(ctx, 'broadcast', 'B'),
        },
        {
          description: 'Two nodes log the same two notes in different orders',
          check: (ctx) => disagreement(ctx) !== null,
        },
      ],
      hints: [
        'Each node’s log order is written under its name.',
        'Broadcast on A, then on B within about half a second of virtual time.',
        'If the orders still agree, broadcast again on B right after A: B writes its own note before A’s arrives.',
      ],
      reveal: (ctx) => {
        const pair = disagreement(ctx);
        const [a, b] = pair ?? ['', ''];
        return [
          saw(
            pair !== null,
            `${a} logged ${logOf(ctx, a)} while ${b} logged ${logOf(ctx, b)}: the same notes in different orders.`,
          ),
          why(
            'A node writes its own note at once, while others’ notes arrive after their link’s delay. No node is wrong. With no global clock, “which came first” depends on who you ask.',
          ),
        ];
      },
    },
    {
      id: 'clocks',
      title: 'Clocks disagree',
      highlight: () => ['B'],
      panels: ['inspector', 'events', 'spacetime'],
      prose:
        'Each note carries its sender’s clock reading, and each receiver stamps it with its own. Real clocks drift and are set wrong. What if B’s clock runs 400 ms ahead?',
      task: 'Click B, set its Clock skew to 400 ms (Set clock), then Broadcast note from B.',
      allow: {
        controls: ['play', 'step', 'speed'],
        actions: ['clock', 'protocol:broadcast'],
      },
      goals: [
        {
          description: 'B’s clock is set ahead',
          check: (ctx) => actionsOf(ctx, 'clock').some((a) => a.node === 'B' && a.skewMs > 0),
        },
        {
          description: 'A note is received “before” it was sent, by the clocks',
          check: (ctx) => factsOf(ctx.trace, 'received-before-sent').length > 0,
        },
      ],
      nearMisses: [
        {
          id: 'clock-behind',
          when: (ctx) => actionsOf(ctx, 'clock').some((a) => a.skewMs < 0),
          feedback:
            'A clock set behind makes notes look slow, not early. Put B’s clock ahead (a positive skew).',
        },
      ],
      hints: [
        'Node B’s menu has a Clock skew field.',
        'Enter 400, press Set clock, then choose Broadcast note on B.',
      ],
      reveal: (ctx) => {
        const early = factsOf(ctx.trace, 'received-before-sent')[0];
        return [
          saw(
            early !== undefined,
            `${early?.node ?? ''}’s clock says note ${early ? str(early, 'note') : ''} arrived at ${at(early && num(early, 'receivedAtLocal'))}, before ${early ? str(early, 'from') : ''}’s clock says it left (${at(early && num(early, 'sentAtLocal'))}).`,
          ),
          why(
            'Timestamps from different machines cannot order events: to order them, use causality (who heard from whom), not wall clocks.',
          ),
        ];
      },
    },
    {
      id: 'crash',
      title: 'A crash is silence',
      highlight: () => ['C', 'A'],
      panels: ['inspector', 'events', 'spacetime'],
      prose:
        'A node can fail while the others go on. How does A learn that C is down? There is no error message on a network: A can only ask, and wait.',
      task: 'Crash C. Then click A and choose Ping others.',
      allow: { controls: ['play', 'step', 'speed'], actions: ['crash', 'protocol:ping'] },
      goals: [
        { description: 'C is crashed', check: (ctx) => crashedByLearner(ctx, 'C') },
        { description: 'A’s ping to C times out', check: (ctx) => timedOut(ctx, 'C') },
      ],
      nearMisses: [
        {
          id: 'wrong-node',
          when: (ctx) => actionsOf(ctx, 'crash').some((a) => a.node !== 'C'),
          feedback: 'This step is about C: crash C, then ping from A.',
        },
      ],
      hints: ['Click C to open its actions.', 'Crash C; then on A choose Ping others and wait.'],
      reveal: (ctx) => {
        const { timeout, pinged } = timeoutOnC(ctx);
        return [
          saw(
            silentUntilTimeout(ctx),
            `A pinged C at ${at(pinged?.t)}, heard nothing back, and gave up waiting at ${at(timeout?.t)}.`,
          ),
          why('That is all a timeout tells you: silence. It cannot say why.'),
        ];
      },
    },
    {
      id: 'paused',
      title: 'Crashed, or just slow?',
      highlight: () => ['C', 'A'],
      panels: ['inspector', 'events', 'spacetime'],
      prose:
        'A garbage-collection pause, an overloaded machine or a slow link can silence a node for seconds, then it carries on. Restart C, and this time only pause it.',
      task: 'Restart C, then Pause node C. Ping from A, wait for the timeout, then Resume node C.',
      allow: {
        controls: ['play', 'step', 'speed'],
        actions: ['restart', 'pause', 'resume', 'protocol:ping'],
      },
      predict: {
        question:
          'From A’s point of view, will “C paused” look any different from “C crashed” before A’s timeout fires?',
        options: [
          {
            id: 'yes',
            text: 'Yes — A can tell a paused node from a crashed one',
            feedback: (ctx) => [
              saw(
                silentUntilTimeout(ctx),
                'A got nothing from C until its timeout fired, exactly as when C had crashed: no error, no signal, just silence.',
              ),
            ],
            misconception: 'M03',
          },
          {
            id: 'no',
            text: 'No — A sees the same silence either way',
            feedback: (ctx) => [
              saw(
                silentUntilTimeout(ctx),
                'Right: until its timeout fired, A heard nothing from C, exactly as when C had crashed.',
              ),
            ],
          },
        ],
        answer: 'no',
        holds: (ctx) => silentUntilTimeout(ctx),
      },
      goals: [
        {
          description: 'C is restarted and then paused',
          check: (ctx) =>
            actionsOf(ctx, 'restart').some((a) => a.node === 'C') &&
            actionsOf(ctx, 'pause').some((a) => a.node === 'C'),
        },
        { description: 'A’s ping to C times out', check: (ctx) => timedOut(ctx, 'C') },
        {
          description: 'A late reply from C reaches A',
          check: (ctx) => factsOf(ctx.trace, 'late-reply', 'A').some((f) => str(f, 'peer') === 'C'),
        },
      ],
      nearMisses: [
        {
          id: 'still-paused',
          when: (ctx) =>
            timedOut(ctx, 'C') &&
            nodeById(ctx, 'C')?.status === 'paused' &&
            ctx.frame.time - (factsOf(ctx.trace, 'ping-timeout', 'A').at(-1)?.t ?? 0) > 2000,
          feedback: 'A has given up on C. Now Resume node C and watch what reaches A.',
        },
      ],
      hints: [
        'Restart C first (it is crashed), then Pause node C.',
        'Ping others from A; after A reports the timeout, open C’s menu and Resume node.',
      ],
      reveal: (ctx) => {
        const late = factsOf(ctx.trace, 'late-reply', 'A').find((f) => str(f, 'peer') === 'C');
        return [
          saw(
            late !== undefined,
            `The paused C answered after all, ${at(late && num(late, 'lateByMs'))} after A had given up on it.`,
          ),
          why(
            'A cannot tell a crashed node from a slow one; it can only suspect. Every failure detector is a guess, and protocols must stay safe when the guess is wrong.',
          ),
        ];
      },
      replayMs: 3000,
    },
  ],
  sandbox: {
    prose:
      'Everything is open: crash, pause, skew clocks, ping and broadcast as you like. Try the challenges.',
    challenges: [
      {
        id: 'before-everywhere',
        text: 'Make one note arrive “before it was sent” at both other nodes',
        goal: {
          description: 'One note flagged at two receivers',
          check: (ctx) => {
            const byNote = new Map<string, Set<string>>();
            for (const f of factsOf(ctx.trace, 'received-before-sent')) {
              const seen = byNote.get(str(f, 'note')) ?? new Set<string>();
              seen.add(f.node);
              byNote.set(str(f, 'note'), seen);
            }
            return [...byNote.values()].some((s) => s.size >= 2);
          },
        },
      },
      {
        id: 'three-orders',
        text: 'Get all three nodes to log the same two notes, with at least two different orders',
        goal: {
          description: 'Orders differ with every node holding both notes',
          check: (ctx) =>
            usedProtocolAction(ctx, 'broadcast') &&
            disagreement(ctx) !== null &&
            ctx.frame.nodes.every((n) => noteIds(n).length >= 2),
        },
      },
    ],
  },
  golden: {
    orders: [
      { act: { type: 'protocol', node: 'A', action: { id: 'broadcast' } } },
      { waitMs: 100 },
      { act: { type: 'protocol', node: 'B', action: { id: 'broadcast' } } },
      { waitMs: 1500 },
    ],
    clocks: [
      { act: { type: 'clock', node: 'B', skewMs: 400, drift: 0 } },
      { act: { type: 'protocol', node: 'B', action: { id: 'broadcast' } } },
      { waitMs: 1000 },
    ],
    crash: [
      { act: { type: 'crash', node: 'C' } },
      { act: { type: 'protocol', node: 'A', action: { id: 'ping' } } },
      { waitMs: 1500 },
    ],
    paused: [
      { answer: 'no' },
      { act: { type: 'restart', node: 'C' } },
      { waitMs: 200 },
      { act: { type: 'pause', node: 'C' } },
      { act: { type: 'protocol', node: 'A', action: { id: 'ping' } } },
      { waitMs: 1300 },
      { act: { type: 'resume', node: 'C' } },
      { waitMs: 1500 },
    ],
  },
};
