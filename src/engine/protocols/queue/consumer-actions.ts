/**
 * The consumer's actions, as data: each becomes a node-menu item and a console form. The two
 * crash points are armed here and reached in the consumer's handlers (`ctx.crashPoint`), at a
 * moment no click could hit: after the side effect, before the ack; or as processing starts.
 */
import type { ProtocolActionSpec } from '../../protocol';

/** How much slower a slowed-down consumer processes each message. */
export const SLOW_FACTOR = 5;

/** The consumer's node actions (menu items and console forms). */
export const CONSUMER_ACTIONS: readonly ProtocolActionSpec[] = [
  {
    id: 'crash-after-processing',
    label: 'Crash after processing, before the ack',
    description:
      'Arm a crash: this consumer dies right after its next side effect is applied, before it acknowledges the message. Acknowledging after processing, the broker redelivers it: a duplicate side effect unless the consumer is idempotent.',
  },
  {
    id: 'crash-before-processing',
    label: 'Crash before processing',
    description:
      'Arm a crash: this consumer dies as it starts processing its next message, before any side effect. Acknowledging on delivery, that message is lost; acknowledging after processing, it is redelivered.',
  },
  {
    id: 'disarm',
    label: 'Cancel the armed crash',
    description:
      'Disarm a crash armed by one of the two actions above, if it has not happened yet.',
    unavailableWhen: [{ field: 'armed', is: null, reason: '{node} has no crash armed' }],
  },
  {
    id: 'slow-down',
    label: 'Slow down',
    description: `Process every message ${SLOW_FACTOR} times more slowly: its partitions build a backlog at the broker.`,
    unavailableWhen: [{ field: 'slow', is: true, reason: '{node} is slowed down already' }],
  },
  {
    id: 'speed-up',
    label: 'Normal speed',
    description: 'Process messages at the configured speed again.',
    unavailableWhen: [{ field: 'slow', is: false, reason: '{node} runs at normal speed' }],
  },
  {
    id: 'leave-group',
    label: 'Leave group',
    description:
      'Leave the consumer group: the broker rebalances its partitions to the other members, and what it held unacknowledged is redelivered to them.',
    unavailableWhen: [{ field: 'inGroup', is: false, reason: '{node} is not in its group' }],
  },
  {
    id: 'join-group',
    label: 'Join group',
    description:
      'Join the consumer group: the broker rebalances, giving this consumer a share of the partitions (none, if there are more members than partitions).',
    unavailableWhen: [{ field: 'inGroup', is: true, reason: '{node} is in its group already' }],
  },
];
