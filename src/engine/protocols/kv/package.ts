/**
 * The replicated key-value store package, six ways: strong (through a log), primary-backup,
 * eventual, multi-master, quorums (Dynamo) and causal (COPS). Sub-folders hold each family of
 * modes: `replica/` (strong, primary-backup, eventual, multi-master), `quorum/`, `causal/`,
 * and the clients in `client/`.
 */
import type { ProtocolPackage } from '../../package';
import {
  kvEventualEntry,
  kvMultiMasterEntry,
  kvPrimaryBackupEntry,
  kvStrongEntry,
} from './scenarios/replica';
import { kvCausalEntry, kvQuorumEntry } from './scenarios/quorum-causal';

export const pkg: ProtocolPackage = {
  id: 'kv',
  title: 'Replicated key-value store',
  order: 50,
  protocolIds: ['kv-client', 'kv-replica', 'kv-quorum', 'kv-causal'],
  load: () => import('./modules').then((m) => m.protocols),
  roles: [
    // A primary leads like a leader, a backup follows like a follower.
    { role: 'primary', color: 'leader', shape: 'hexagon', legend: 'primary' },
    { role: 'backup', color: 'follower', shape: 'circle', legend: 'backup' },
    { role: 'replica', color: 'peer', shape: 'circle', legend: 'replica' },
    { role: 'client', color: 'client', shape: 'square', legend: 'client' },
  ],
  scenarios: [
    kvStrongEntry,
    kvPrimaryBackupEntry,
    kvEventualEntry,
    kvMultiMasterEntry,
    kvQuorumEntry,
    kvCausalEntry,
  ],
};
