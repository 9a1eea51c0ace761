/** The sharding family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { shardClient } from './client';
import { shardDirectory } from './directory';
import { shardServer } from './server';

export const protocols: ProtocolTable = tableOf([shardServer, shardDirectory, shardClient]);
