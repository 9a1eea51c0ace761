/** The notes family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { notes } from './notes';

export const protocols: ProtocolTable = tableOf([notes]);
