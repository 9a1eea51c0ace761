/** The Raft family's views: its node panel (log, indexes, disk) and the election sweep. */
import { retryableLazy } from '../../common/retryable-lazy';
import type { PanelManifest } from '../types';
import { ElectionSweep } from './ElectionSweep';

export const panels: PanelManifest = {
  family: 'raft',
  nodePanels: { raft: retryableLazy(() => import('./RaftNodePanel')) },
  sections: [{ name: 'sweep', slot: 'side', panel: 'sweep', component: ElectionSweep }],
};
