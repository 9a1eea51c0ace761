/** The Raft family's views: its node panel (log, indexes, disk) and the election sweep. */
import { lazy } from 'react';
import type { PanelManifest } from '../types';
import { ElectionSweep } from './ElectionSweep';

export const panels: PanelManifest = {
  family: 'raft',
  nodePanels: { raft: lazy(() => import('./RaftNodePanel')) },
  sections: [{ name: 'sweep', slot: 'side', panel: 'sweep', component: ElectionSweep }],
};
