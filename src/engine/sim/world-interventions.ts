/**
 * The learner's hand on single messages (ARCHITECTURE.md, guarantee 5): hold mode, where
 * messages wait at their destination to be delivered by hand, and dropping, delaying or
 * duplicating one message in flight. Each is a recorded action like any other.
 */
import type { Transit } from '../net/network';
import type { InFlight } from './in-flight';
import { WorldFaults } from './world-faults';
import type { StepResult } from './world-state';

/** The world's rules so far, plus interventions on single messages. */
export class WorldInterventions extends WorldFaults {
  /** Turn hold mode on or off; turning it off delivers what was waiting, in arrival order. */
  setHoldMessages(on: boolean): void {
    this.holdMessages = on;
    this.note(on ? 'hold mode on: messages wait to be delivered by hand' : 'hold mode off');
    if (on) return;
    // Everything that was waiting is delivered now, in the order it arrived.
    const waiting = [...this.flights.values()].filter((m) => m.heldSince !== null);
    waiting.sort((a, b) => (a.heldSince ?? 0) - (b.heldSince ?? 0) || a.id - b.id);
    for (const m of waiting) {
      m.heldSince = null;
      m.deliverAt = this.time;
      m.eventSeq = ++this.seq;
      this.queue.push({ time: this.time, seq: m.eventSeq, type: 'msg', msg: m.id });
    }
  }

  /** The learner delivers one held message now. */
  deliverHeld(m: InFlight): StepResult {
    m.heldSince = null;
    m.deliverAt = this.time;
    m.eventSeq = ++this.seq;
    return this.handOver(m);
  }

  /** The learner drops one message in flight. */
  interveneDrop(m: InFlight): void {
    this.recorder.append({ t: this.time, k: 'intervene', node: m.to, msg: m.id, what: 'drop' });
    this.drop(m, 'intervention');
  }

  /** The learner delays one message by `byMs`; its old agenda entry goes stale. */
  interveneDelay(m: InFlight, byMs: number): void {
    this.recorder.append({
      t: this.time,
      k: 'intervene',
      node: m.to,
      msg: m.id,
      what: 'delay',
      byMs,
    });
    m.deliverAt += byMs;
    if (m.lostAt !== null) m.lostAt += byMs;
    m.eventSeq = ++this.seq;
    this.queue.push({ time: m.lostAt ?? m.deliverAt, seq: m.eventSeq, type: 'msg', msg: m.id });
  }

  /** A second copy of an in-flight message, taking as long from now as the original takes. */
  interveneDuplicate(m: InFlight): void {
    this.recorder.append({
      t: this.time,
      k: 'intervene',
      node: m.to,
      msg: m.id,
      what: 'duplicate',
    });
    const travel = m.deliverAt - m.departAt;
    const transit: Transit = {
      departAt: this.time,
      deliverAt: this.time + travel,
      lostAt: null,
      lostTo: null,
    };
    const cause = this.recorder.at(m.sendEntry);
    this.launch(
      m.from,
      m.to,
      m.message,
      m.sizeBytes,
      transit,
      cause?.k === 'send' ? cause.cause : -1,
      m.id,
    );
  }
}
