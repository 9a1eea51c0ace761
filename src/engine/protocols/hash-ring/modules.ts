/** The hash-ring family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { ringClient } from './client';
import { ringDb } from './db';
import { ringServer } from './server';

export const protocols: ProtocolTable = tableOf([ringServer, ringClient, ringDb]);
