/**
 * The Raft package (Ongaro & Ousterhout 2014; Ongaro's thesis 2014): servers that elect a
 * leader and replicate a log, and clients that write and read through them.
 */
import type { ProtocolPackage } from '../../package';
import { raftEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'raft',
  title: 'Raft',
  order: 20,
  protocolIds: ['raft', 'raft-client'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'follower', color: 'follower', shape: 'circle', legend: 'follower' },
    { role: 'pre-candidate', color: 'candidate', shape: 'diamond', legend: 'pre-candidate' },
    { role: 'candidate', color: 'candidate', shape: 'diamond', legend: 'candidate' },
    { role: 'leader', color: 'leader', shape: 'hexagon', legend: 'leader' },
    { role: 'client', color: 'client', shape: 'square', legend: 'client' },
  ],
  scenarios: [raftEntry],
};
