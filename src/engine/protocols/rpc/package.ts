/**
 * The RPC package (Birrell & Nelson 1984; Stripe's idempotency keys; Brooker 2015 on backoff
 * and jitter; Bronson et al. 2021 on retry storms): clients calling a payment server whose
 * charges are a side effect, with request ids, timeouts, retry policies and an idempotency-key
 * dedup table, and a checker that names every duplicate charge and its causes.
 */
import type { ProtocolPackage } from '../../package';
import { rpcMessageLooks } from './message-look';
import { rpcEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'rpc',
  title: 'Remote procedure calls',
  order: 16,
  protocolIds: ['rpc-server', 'rpc-client'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'server', color: 'leader', shape: 'hexagon', legend: 'payment server' },
    { role: 'client', color: 'client', shape: 'square', legend: 'client' },
  ],
  scenarios: [rpcEntry],
  messageLooks: rpcMessageLooks,
};
