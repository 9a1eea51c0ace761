/**
 * The two-generals package (Akkoyunlu, Ekanadham & Huber 1975; Gray 1978): coordination over a
 * lossy link, and why no finite number of acknowledgements makes both sides certain.
 */
import type { ProtocolPackage } from '../../package';
import { generalsMessageLooks } from './message-look';
import { twoGeneralsEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'two-generals',
  title: 'Two generals',
  order: 15,
  protocolIds: ['general'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'general', color: 'peer', shape: 'hexagon', legend: 'general' },
    { role: 'payer', color: 'client', shape: 'square', legend: 'payer (the payment story)' },
    {
      role: 'bank',
      color: 'other',
      shape: 'circle',
      legend: 'bank (charges each payment that arrives)',
    },
  ],
  scenarios: [twoGeneralsEntry],
  messageLooks: generalsMessageLooks,
};
