/**
 * What L16's steps, golden path and e2e learner share: the cast (producer p1, the broker,
 * the store db, consumers c1–c3), the controls and panels each step offers, the settings of
 * each step's run, and the learner's moves as engine actions (publish from the producers'
 * console, arm a consumer's crash, slow a consumer down).
 */
import type { NodeId } from '../engine/protocol';
import type { SimAction } from '../engine/sim/actions';
import type { Move } from './types';

export const CONTROLS = ['play', 'step', 'speed'] as const;
/** The producers' console (Publish), the event log, the inspector and the broker's queues. */
export const PANELS = ['client', 'events', 'inspector', 'broker-queues'] as const;
/** With the delivery checker's verdicts: lost, duplicated, reordered, each with its cause. */
export const PANELS_CHECKS = [...PANELS, 'checks'] as const;

export const PRODUCER: NodeId = 'p1';
export const C1: NodeId = 'c1';
export const C2: NodeId = 'c2';
export const C3: NodeId = 'c3';
/** The key step 6 and 7 publish, the curriculum's "order-7" (the console's default key). */
export const ORDER_KEY = 'order-7';

/**
 * The lesson's run: two consumers in one group (a work queue) over two partitions, c3 outside
 * the group; nothing published unless the learner publishes; round-robin partitions (until
 * step 7 partitions by key); acknowledge after processing; consumers not idempotent.
 */
export const LESSON_SETTINGS = {
  rate: '0',
  partitions: '2',
  partitionByKey: '0',
  standby: '1',
} as const;

/** The producer publishes `count` messages with `key`, as the console's Publish records it. */
export const publish = (count: number, key = ORDER_KEY): SimAction => ({
  type: 'protocol',
  node: PRODUCER,
  action: { id: 'publish', args: { key, count } },
});

/** A node's own action, from its menu (arm a consumer's crash, slow it down, join the group; start a producer…). */
export const nodeAction = (node: NodeId, id: string): SimAction => ({
  type: 'protocol',
  node,
  action: { id },
});

/** Golden moves: arm c1's crash at `point`, then publish four messages. */
export const armThenPublish = (
  point: 'crash-after-processing' | 'crash-before-processing',
): Move[] => [
  { waitMs: 300 },
  { act: nodeAction(C1, point) },
  { waitMs: 300 },
  { act: publish(4) },
  { waitMs: 5000 },
];
