/**
 * The ping package: the smallest complete protocol family, and the example
 * `protocols/README.md` walks through. Every node pings every other on a timer and
 * suspects the ones that fall silent.
 */
import type { ProtocolPackage } from '../../package';
import { pingEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'ping',
  title: 'Heartbeats',
  order: 10,
  protocolIds: ['ping'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [{ role: 'peer', color: 'peer', shape: 'circle', legend: 'peer' }],
  scenarios: [pingEntry],
};
