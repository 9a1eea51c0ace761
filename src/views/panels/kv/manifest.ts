/**
 * The key-value store's views: the mode selector, the workload switch, the replica table,
 * the quorum view and the guarantees card.
 */
import type { PanelManifest } from '../types';
import { GuaranteesCard } from './GuaranteesCard';
import { ModeSelector } from './ModeSelector';
import { QuorumView } from './QuorumView';
import { ReplicaTable } from './ReplicaTable';
import { WorkloadSwitch } from './WorkloadSwitch';

export const panels: PanelManifest = {
  family: 'kv',
  sections: [
    { name: 'replication mode', slot: 'header', panel: null, component: ModeSelector },
    { name: 'workload switch', slot: 'header', panel: null, component: WorkloadSwitch },
    { name: 'replica table', slot: 'main', panel: 'replicas', component: ReplicaTable },
    { name: 'quorum view', slot: 'main', panel: 'replicas', component: QuorumView },
    { name: 'guarantees card', slot: 'side', panel: 'checks', component: GuaranteesCard },
  ],
};
