/** The Raft family's views: its node panel (log, indexes, disk), the client console, the sweep. */
import { lazy } from 'react';
import type { PanelManifest } from '../types';
import { ClientPanel } from '../ClientPanel';
import { ElectionSweep } from './ElectionSweep';

export const panels: PanelManifest = {
  family: 'raft',
  nodePanels: { raft: lazy(() => import('./RaftNodePanel')) },
  sections: [
    { name: 'client', slot: 'side-top', panel: 'client', component: ClientPanel },
    { name: 'sweep', slot: 'side', panel: 'sweep', component: ElectionSweep },
  ],
};
