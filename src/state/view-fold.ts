/**
 * What the views need from the trace, folded once per published frame, so views only select
 * from the store and never ask the run anything while they render.
 */
import type { InvariantStatus } from '../engine/check/monitor';
import type { TraceEntry } from '../engine/sim/trace';
import type { LabSession, LabUpdate } from './lab-session';
import type { LabState } from './lab-store';

/** The widest window the space-time diagram offers (virtual ms). */
export const SPACETIME_MAX_SPAN_MS = 5000;
/**
 * At most this many trace entries are drawn: a busy cluster (50 nodes heartbeating) writes
 * thousands per window, more elements than a frame can redraw and more arrows than a person
 * can read. Past it, the window narrows to the latest entries, and says so.
 */
export const SPACETIME_MAX_ENTRIES = 400;

/**
 * The latest trace entries (at most SPACETIME_MAX_ENTRIES, none older than
 * SPACETIME_MAX_SPAN_MS before now) and, for each delivery or drop among them, its message's
 * send. A narrower window is these entries filtered by time: the latest N entries of a
 * narrower window are the same entries.
 */
export interface SpaceTimeWindow {
  readonly entries: readonly TraceEntry[];
  readonly sends: ReadonlyMap<number, Extract<TraceEntry, { k: 'send' }>>;
  /** The virtual time the window starts at (ms). */
  readonly from: number;
}

export function foldSpaceTime(session: LabSession, time: number): SpaceTimeWindow {
  const from = Math.max(0, time - SPACETIME_MAX_SPAN_MS);
  const entries = session.traceSince(from, SPACETIME_MAX_ENTRIES);
  const sends = new Map<number, Extract<TraceEntry, { k: 'send' }>>();
  for (const e of entries) {
    if (e.k !== 'deliver' && e.k !== 'drop') continue;
    const send = session.sendOf(e.msg);
    if (send?.k === 'send') sends.set(e.msg, send);
  }
  return { entries, sends, from };
}

/** Each violated check's events in words; `previous` is returned when nothing changed. */
export function foldViolations(
  session: LabSession,
  checks: readonly InvariantStatus[],
  previous: Readonly<Record<string, readonly string[]>>,
): Readonly<Record<string, readonly string[]>> {
  const next: Record<string, readonly string[]> = {};
  let same = Object.keys(previous).length === checks.filter((c) => c.violation).length;
  for (const c of checks) {
    if (!c.violation) continue;
    const old = previous[c.id];
    const events = c.violation.events;
    if (old && old.length === events.length && same) next[c.id] = old;
    else {
      same = false;
      next[c.id] = events.map((i) => session.describeEntry(i));
    }
  }
  return same ? previous : next;
}

/** The inspected message's causal history, read again only when it or the trace's past changed. */
export class InspectedHistory {
  private read: { msg: number; generation: number } | null = null;

  /** What to set in the store (nothing when the history shown is still right). */
  fold(session: LabSession, state: LabState): Partial<LabState> {
    const inspected = state.inspected;
    if (inspected?.kind !== 'message') {
      this.read = null;
      return state.inspectedHistory.length ? { inspectedHistory: [] } : {};
    }
    const read = { msg: inspected.message.id, generation: session.sim.recorder.generation };
    if (this.read?.msg === read.msg && this.read.generation === read.generation) return {};
    this.read = read;
    return { inspectedHistory: session.messageHistory(read.msg) };
  }
}

/** A session's update and what the views derive from it, as one store update. */
export function foldUpdate(
  session: LabSession,
  u: LabUpdate,
  state: LabState,
  inspected: InspectedHistory,
): Partial<LabState> {
  return {
    frame: u.frame,
    narration: u.narration,
    timeline: u.timeline,
    ...(u.history ? { history: u.history } : {}),
    spacetime: foldSpaceTime(session, u.frame.time),
    violationEvents: foldViolations(session, u.frame.checks, state.violationEvents),
    ...inspected.fold(session, state),
    ...(u.branched
      ? {
          notice: `You acted in the past, so history branched at ${u.frame.time.toFixed(1)} ms: the old future is gone (branch ${u.timeline.branch}).`,
        }
      : {}),
  };
}
