/**
 * The Paxos family's views: the acceptor table and the duel counter under the cluster, the
 * duel sweep among the run's tools, and a node's panel.
 */
import { retryableLazy } from '../../common/retryable-lazy';
import type { PanelManifest } from '../types';
import { AcceptorTable } from './AcceptorTable';
import { BallotsStarted } from './BallotsStarted';
import { DuelSweep } from './DuelSweep';

const PaxosNodePanel = retryableLazy(() => import('./PaxosNodePanel'));

export const panels: PanelManifest = {
  family: 'paxos',
  nodePanels: { paxos: PaxosNodePanel },
  sections: [
    { name: 'acceptor table', slot: 'main', panel: null, component: AcceptorTable },
    { name: 'duel counter', slot: 'main', panel: null, component: BallotsStarted },
    { name: 'duel sweep', slot: 'side', panel: 'sweep', component: DuelSweep },
  ],
};
