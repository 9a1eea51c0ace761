/** Lesson 1's lab: three nodes that share notes over links of very different lengths. */
import type { LinkConfig } from '../../net/link';
import type { NodeId } from '../../protocol';
import type { ScenarioEntry } from '../../scenarios/entry';

/**
 * One-way latency per pair, both directions alike. The triangle is lopsided on purpose:
 * A–C (700 ms) is much longer than A–B then B–C (300 + 60 ms), so when A broadcasts and B
 * broadcasts soon after, B's note overtakes A's on the way to C and C's log order differs
 * from A's. B–C is well under 400 ms, so with B's clock 400 ms ahead, C receives B's notes
 * "before they were sent" by its own clock (and A too: 300 ms < 400 ms).
 */
const LATENCY_MS: ReadonlyArray<readonly [NodeId, NodeId, number]> = [
  ['A', 'B', 300],
  ['A', 'C', 700],
  ['B', 'C', 60],
];

/** Small next to the gaps between the paths, so the orders above hold on every seed. */
const JITTER_MS = 30;

function link(latencyMs: number): Partial<LinkConfig> {
  return { latencyMs, jitterMs: JITTER_MS, ordering: 'fifo' };
}

export const notesEntry: ScenarioEntry = {
  id: 'notes',
  title: 'Three nodes, no now',
  description:
    'Three nodes keep logs of notes, each stamped with its sender’s clock. Broadcast from two nodes at nearly the same moment, skew a clock, pause or crash a node and ping it: there is no single order, no shared clock, and silence does not say why.',
  minNodes: 3,
  maxNodes: 3,
  defaultNodes: 3,
  settings: [],
  build() {
    return {
      id: 'notes',
      title: this.title,
      description: this.description,
      nodes: ['A', 'B', 'C'].map((id) => ({ id, protocol: 'notes' })),
      network: {
        defaults: link(300),
        links: LATENCY_MS.flatMap(([a, b, latencyMs]) => [
          { from: a, to: b, config: link(latencyMs) },
          { from: b, to: a, config: link(latencyMs) },
        ]),
      },
    };
  },
};
