/**
 * The Paxos package (Lamport, "The Part-Time Parliament", 1998; "Paxos Made Simple", 2001):
 * single-decree Paxos with proposers, acceptors and learners, and Multi-Paxos (a leader, a
 * log of slots, a replicated key-value store and its clients).
 */
import type { ProtocolPackage } from '../../package';
import { multiPaxosEntry } from './multi/scenarios';
import { paxosMessageLooks } from './message-look';
import { paxosEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'paxos',
  title: 'Paxos',
  order: 25,
  protocolIds: ['paxos', 'multi-paxos', 'multi-paxos-client'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'proposer', color: 'candidate', shape: 'diamond', legend: 'proposer (also acceptor)' },
    { role: 'acceptor', color: 'follower', shape: 'circle', legend: 'acceptor (and learner)' },
    {
      role: 'leader',
      color: 'leader',
      shape: 'hexagon',
      legend: 'leader (distinguished proposer)',
    },
    { role: 'candidate', color: 'candidate', shape: 'diamond', legend: 'candidate (phase 1)' },
    { role: 'client', color: 'client', shape: 'square', legend: 'client' },
  ],
  scenarios: [paxosEntry, multiPaxosEntry],
  messageLooks: paxosMessageLooks,
};
