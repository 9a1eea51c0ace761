/** The ping family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { ping } from './ping';

export const protocols: ProtocolTable = tableOf([ping]);
