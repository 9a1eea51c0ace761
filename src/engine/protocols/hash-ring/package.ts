/**
 * Consistent hashing (Karger et al., STOC 1997; DeCandia et al., "Dynamo", SOSP 2007 §4.2–4.3):
 * servers on a hash ring with virtual nodes, clients routing by their own view of the ring,
 * a cache with a slow backing store or a replicated store; mod N, rendezvous and jump hash
 * beside the ring (`placement/`).
 */
import type { ProtocolPackage } from '../../package';
import { hashRingEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'hash-ring',
  title: 'Consistent hashing',
  order: 57,
  protocolIds: ['ring-server', 'ring-client', 'ring-db'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'server', color: 'follower', shape: 'circle', legend: 'server on the ring' },
    { role: 'spare', color: 'other', shape: 'circle', legend: 'spare server (not in the ring)' },
    { role: 'client', color: 'client', shape: 'square', legend: 'client' },
    { role: 'store', color: 'peer', shape: 'hexagon', legend: 'backing store (slow)' },
  ],
  scenarios: [hashRingEntry],
};
