/** The two-generals family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { general } from './general';

export const protocols: ProtocolTable = tableOf([general]);
