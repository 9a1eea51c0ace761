/** The RPC family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { rpcClient } from './client';
import { rpcServer } from './server';

export const protocols: ProtocolTable = tableOf([rpcServer, rpcClient]);
