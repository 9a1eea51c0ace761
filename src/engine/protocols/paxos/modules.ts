/** The Paxos family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { multiPaxosClient } from './multi/client';
import { multiPaxos } from './multi/multi-paxos';
import { paxos } from './paxos';

export const protocols: ProtocolTable = tableOf([paxos, multiPaxos, multiPaxosClient]);
