/** The notes package: three nodes that share notes stamped with their own clocks (lesson L1). */
import type { ProtocolPackage } from '../../package';
import { notesEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'notes',
  title: 'Notes',
  order: 30,
  protocolIds: ['notes'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [{ role: 'peer', color: 'peer', shape: 'circle', legend: 'peer' }],
  scenarios: [notesEntry],
};
