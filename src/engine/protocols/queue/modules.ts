/** The message-queue family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { queueBroker } from './broker';
import { queueConsumer } from './consumer';
import { queueProducer } from './producer';
import { queueStore } from './store';

export const protocols: ProtocolTable = tableOf([
  queueProducer,
  queueBroker,
  queueConsumer,
  queueStore,
]);
