/** Builders for history tests: one recorded client operation phase. */
import type { HistoryOp, Json } from '../protocol';
import type { RecordedOp } from './history';

/** Client `client`'s `phase` of operation `opId` (`fn` on `key`) at virtual time `time`. */
export function at(
  time: number,
  client: string,
  phase: HistoryOp['phase'],
  opId: string,
  fn: string,
  value?: Json,
  key = 'x',
): RecordedOp {
  return { time, client, op: { phase, opId, fn, key, ...(value === undefined ? {} : { value }) } };
}
