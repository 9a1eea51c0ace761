/** The pipe family's protocol modules, by protocol id (loaded lazily by its package). */
import { tableOf, type ProtocolTable } from '../../package';
import { pipeReceiver, pipeSender } from './pipe';

export const protocols: ProtocolTable = tableOf([pipeSender, pipeReceiver]);
