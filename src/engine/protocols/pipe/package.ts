/** The pipe package: a sender and a receiver over one link that is not a pipe (lesson L2). */
import type { ProtocolPackage } from '../../package';
import { pipeEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'pipe',
  title: 'Sender and receiver',
  order: 40,
  protocolIds: ['pipe-sender', 'pipe-receiver'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'sender', color: 'other', shape: 'circle', legend: 'sender' },
    { role: 'receiver', color: 'other', shape: 'circle', legend: 'receiver' },
  ],
  scenarios: [pipeEntry],
};
