/**
 * The message-queue package: producers, a broker with a partitioned topic and consumer groups,
 * consumers with acknowledgement modes, and the store where their side effects land (Kafka's
 * partitions and groups, SQS's visibility timeout and dead-letter queue, RabbitMQ's acks).
 */
import type { ProtocolPackage } from '../../package';
import { queueEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'queue',
  title: 'Message queue',
  order: 17,
  protocolIds: ['queue-producer', 'queue-broker', 'queue-consumer', 'queue-store'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'producer', color: 'client', shape: 'square', legend: 'producer' },
    { role: 'broker', color: 'leader', shape: 'hexagon', legend: 'broker (topic and partitions)' },
    { role: 'consumer', color: 'peer', shape: 'circle', legend: 'consumer' },
    { role: 'store', color: 'other', shape: 'diamond', legend: 'store (side effects)' },
  ],
  scenarios: [queueEntry],
};
