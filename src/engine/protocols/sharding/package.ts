/**
 * The sharding package (Kleppmann, DDIA ch. 6; Spanner §2.1; Dynamo §4.2): shard servers
 * partitioning an integer key space by range, by hash mod N or by a directory node, clients
 * with a workload (uniform, Zipf, monotonic), and rebalancing under traffic (copy, catch up,
 * cut over). Its observer publishes the shard map (summary.ts) for `views/panels/sharding/`.
 */
import type { ProtocolPackage } from '../../package';
import { shardingEntry } from './scenarios';

export const pkg: ProtocolPackage = {
  id: 'sharding',
  title: 'Sharding',
  order: 55,
  protocolIds: ['shard-server', 'shard-directory', 'shard-client'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    { role: 'shard', color: 'follower', shape: 'circle', legend: 'shard server' },
    { role: 'spare', color: 'other', shape: 'circle', legend: 'spare server (holds no keys)' },
    { role: 'directory', color: 'leader', shape: 'hexagon', legend: 'directory (routing lookups)' },
    { role: 'client', color: 'client', shape: 'square', legend: 'client' },
  ],
  scenarios: [shardingEntry],
};
