/** The Paxos family's views: the acceptor table under the cluster, and a node's panel. */
import { retryableLazy } from '../../common/retryable-lazy';
import type { PanelManifest } from '../types';
import { AcceptorTable } from './AcceptorTable';

const PaxosNodePanel = retryableLazy(() => import('./PaxosNodePanel'));

export const panels: PanelManifest = {
  family: 'paxos',
  nodePanels: { paxos: PaxosNodePanel },
  sections: [{ name: 'acceptor table', slot: 'main', panel: null, component: AcceptorTable }],
};
