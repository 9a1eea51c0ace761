/**
 * The Paxos package (Lamport, "The Part-Time Parliament", 1998; "Paxos Made Simple", 2001):
 * single-decree Paxos with proposers, acceptors and learners.
 */
import type { ProtocolPackage } from '../../package';
import { paxosMessageLooks } from './message-look';
import { paxosEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'paxos',
  title: 'Paxos',
  order: 25,
  protocolIds: ['paxos'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'proposer', color: 'candidate', shape: 'diamond', legend: 'proposer (also acceptor)' },
    { role: 'acceptor', color: 'follower', shape: 'circle', legend: 'acceptor (and learner)' },
  ],
  scenarios: [paxosEntry],
  messageLooks: paxosMessageLooks,
};
