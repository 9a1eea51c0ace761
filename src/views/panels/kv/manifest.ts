/** The key-value store's views: the mode selector, the replica table and the quorum view. */
import type { PanelManifest } from '../types';
import { ModeSelector } from './ModeSelector';
import { QuorumView } from './QuorumView';
import { ReplicaTable } from './ReplicaTable';

export const panels: PanelManifest = {
  family: 'kv',
  sections: [
    { name: 'replication mode', slot: 'header', panel: null, component: ModeSelector },
    { name: 'replica table', slot: 'main', panel: 'replicas', component: ReplicaTable },
    { name: 'quorum view', slot: 'main', panel: 'replicas', component: QuorumView },
  ],
};
