/** The Paxos family's views: the acceptor table and the chosen value under the cluster, and a node's panel. */
import { retryableLazy } from '../../common/retryable-lazy';
import type { PanelManifest } from '../types';
import { AcceptorTable } from './AcceptorTable';
import { ChosenCard } from './ChosenCard';

const PaxosNodePanel = retryableLazy(() => import('./PaxosNodePanel'));

export const panels: PanelManifest = {
  family: 'paxos',
  nodePanels: { paxos: PaxosNodePanel },
  sections: [
    { name: 'acceptor table', slot: 'main', panel: null, component: AcceptorTable },
    // Hidden by a lesson (panel 'chosen') until its prediction is made.
    { name: 'chosen value', slot: 'main', panel: 'chosen', component: ChosenCard },
  ],
};
