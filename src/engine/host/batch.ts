/**
 * Fast-forward batches, run beside the node (in its worker): the node takes its events in
 * the window in (time, seq) order, including timers it arms for itself inside the window.
 * Those get seqs above every existing one, in the order armed — exactly where the engine's
 * global counter would put them relative to this node's other events.
 */
import type { MessageBase } from '../protocol';
import { cloneData } from '../sim/clone';
import { EventQueue } from '../sim/event-queue';
import { localClockAt } from '../sim/world';
import type { NodeRuntime } from './node-runtime';
import type { BatchCall, BatchEvent, BatchRequest } from './types';

type Agenda = BatchEvent & { readonly time: number; readonly seq: number };

/** Seqs for timers armed inside a batch: above any seq the engine has handed out. */
const LOCAL_SEQ_BASE = 2 ** 48;

/**
 * `ownsMessages`: the request is this node's own copy (a worker's, made by postMessage), so
 * its messages may be handed over as they are — except one that is there twice: the two
 * copies of a duplicated message are one object, and each delivery must get its own, as it
 * does step by step. Otherwise (in-process, the request is the engine's) all are copied.
 */
export function runBatch(
  runtime: NodeRuntime,
  request: BatchRequest,
  ownsMessages: boolean,
): BatchCall[] {
  const seen = new Set<object>();
  const repeated = new Set<object>();
  for (const e of request.events) {
    if (e.kind !== 'message') continue;
    if (seen.has(e.message)) repeated.add(e.message);
    seen.add(e.message);
  }
  const own = (message: MessageBase): MessageBase =>
    ownsMessages && !repeated.has(message) ? message : cloneData(message);
  const agenda = new EventQueue<Agenda>();
  for (const e of request.events) agenda.push(e);
  const timers = new Map(Object.entries(request.timers));
  let localSeq = LOCAL_SEQ_BASE;
  let localTimerId = -1;
  const calls: BatchCall[] = [];
  for (let ev = agenda.pop(); ev; ev = agenda.pop()) {
    if (ev.kind === 'timer') {
      if (timers.get(ev.name) !== ev.timerId) continue; // re-armed or cancelled meanwhile
      timers.delete(ev.name);
    }
    const localTime = localClockAt(request.clock, ev.time);
    const effects =
      ev.kind === 'message'
        ? runtime.handle({ kind: 'message', from: ev.from, message: own(ev.message), localTime })
        : runtime.handle({ kind: 'timer', name: ev.name, localTime });
    calls.push({
      kind: ev.kind,
      key: ev.kind === 'message' ? ev.from : ev.name,
      time: ev.time,
      effects,
    });
    // Faulted, or crashed at a crash point: the node runs nothing more in this window.
    if (effects.error !== undefined || effects.crashed !== undefined) break;
    for (const change of effects.timers) {
      if (change.delayMs === null) {
        timers.delete(change.name);
        continue;
      }
      const id = localTimerId--;
      timers.set(change.name, id);
      // The same arithmetic as World.complete, so the same float.
      const fireAt = ev.time + change.delayMs / (1 + request.clock.drift);
      if (fireAt <= request.until && fireAt < request.before) {
        agenda.push({
          time: fireAt,
          seq: localSeq++,
          kind: 'timer',
          name: change.name,
          timerId: id,
        });
      }
    }
  }
  return calls;
}
