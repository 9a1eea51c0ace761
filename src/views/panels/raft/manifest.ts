/**
 * The Raft family's views: its node panel (log, indexes, disk), the election sweep, and every
 * server's log side by side under the cluster.
 */
import { retryableLazy } from '../../common/retryable-lazy';
import type { PanelManifest } from '../types';
import { ElectionSweep } from './ElectionSweep';
import { LogGrid } from './LogGrid';

export const panels: PanelManifest = {
  family: 'raft',
  nodePanels: { raft: retryableLazy(() => import('./RaftNodePanel')) },
  sections: [
    { name: 'sweep', slot: 'side', panel: 'sweep', component: ElectionSweep },
    { name: 'log grid', slot: 'main', panel: 'logs', component: LogGrid },
  ],
};
