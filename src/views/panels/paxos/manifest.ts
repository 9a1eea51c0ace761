/**
 * The Paxos family's views: the acceptor table, the duel counter, the chosen value and
 * Multi-Paxos's slot log under the cluster (each draws only for its own protocol's nodes), the
 * duel sweep, Paxos beside Raft and (for unsafe settings) the search for a run that breaks
 * them among the run's tools, and a node's panel.
 */
import { retryableLazy } from '../../common/retryable-lazy';
import type { PanelManifest } from '../types';
import { AcceptorTable } from './AcceptorTable';
import { BesideRaft } from './BesideRaft';
import { BallotsStarted } from './BallotsStarted';
import { ChosenCard } from './ChosenCard';
import { DuelSweep } from './DuelSweep';
import { FindBreak } from './FindBreak';
import { SlotLogPanel } from './SlotLog';

const PaxosNodePanel = retryableLazy(() => import('./PaxosNodePanel'));
const MultiPaxosNodePanel = retryableLazy(() => import('./MultiPaxosNodePanel'));

export const panels: PanelManifest = {
  family: 'paxos',
  nodePanels: { paxos: PaxosNodePanel, 'multi-paxos': MultiPaxosNodePanel },
  sections: [
    { name: 'acceptor table', slot: 'main', panel: null, component: AcceptorTable },
    { name: 'duel counter', slot: 'main', panel: null, component: BallotsStarted },
    // Hidden by a lesson (panel 'chosen') until its prediction is made.
    { name: 'chosen value', slot: 'main', panel: 'chosen', component: ChosenCard },
    // Multi-Paxos's log; it draws nothing on the single-decree lab (no multi-paxos nodes).
    { name: 'slot log', slot: 'main', panel: null, component: SlotLogPanel },
    { name: 'duel sweep', slot: 'side', panel: 'sweep', component: DuelSweep },
    { name: 'find a breaking run', slot: 'side', panel: null, component: FindBreak },
    { name: 'Paxos beside Raft', slot: 'side', panel: 'compare', component: BesideRaft },
  ],
};
