/** The Raft family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { raftClient } from './client';
import { raft } from './raft';

export const protocols: ProtocolTable = tableOf([raft, raftClient]);
