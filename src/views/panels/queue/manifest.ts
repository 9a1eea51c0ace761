/**
 * The message-queue family's views, under the stage: the broker panel (depth over time per
 * group and partition, unacknowledged, redeliveries, groups and the dead-letter queue; lesson
 * panel 'broker-queues') and the delivery checker (lost, duplicated, reordered per key with
 * their causes; shown and hidden with the Invariants panel, 'checks', since it is the same
 * checkers' verdicts in detail).
 */
import type { PanelManifest } from '../types';
import { BrokerQueues } from './BrokerQueues';
import { DeliveryChecker } from './DeliveryChecker';

export const panels: PanelManifest = {
  family: 'queue',
  sections: [
    { name: 'broker queues', slot: 'main', panel: 'broker-queues', component: BrokerQueues },
    { name: 'delivery checker', slot: 'main', panel: 'checks', component: DeliveryChecker },
  ],
};
