/** The key-value store family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { kvCausal } from './causal/causal';
import { kvClient } from './client/client';
import { kvQuorum } from './quorum/quorum';
import { kvReplica } from './replica/replica';

export const protocols: ProtocolTable = tableOf([kvClient, kvReplica, kvQuorum, kvCausal]);
