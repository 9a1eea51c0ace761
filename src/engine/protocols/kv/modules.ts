/** The key-value store family's protocol modules, by protocol id (loaded lazily by its package). */
import type { ProtocolTable } from '../../package';
import { kvCausal } from './causal/causal';
import { kvClient } from './client/client';
import { kvQuorum } from './quorum/quorum';
import { kvReplica } from './replica/replica';

export const protocols: ProtocolTable = {
  'kv-client': kvClient,
  'kv-replica': kvReplica,
  'kv-quorum': kvQuorum,
  'kv-causal': kvCausal,
};
