/** Trace entries in words, for the event log and screen readers. */
import { TRACE_START, type Recorder, type TraceCursor } from '../engine/sim/recorder';
import type { Json } from '../engine/protocol';
import type { TraceEntry } from '../engine/sim/trace';

const DROP_REASON: Record<string, string> = {
  loss: 'lost on the way',
  partition: 'cut off by a partition',
  crashed: 'arrived at a crashed node',
  faulted: 'arrived at a faulted node',
  intervention: 'dropped by hand',
};

/**
 * A protocol action's arguments in words: `{ key: 'x', value: 3 }` → "key x, value 3".
 * Only flat values are said (nested data stays in the inspector); no arguments → "".
 */
export function argsInWords(args: Json | undefined): string {
  if (args === undefined || args === null) return '';
  if (typeof args !== 'object') return String(args);
  if (Array.isArray(args)) return args.filter((a) => typeof a !== 'object').join(', ');
  return Object.entries(args)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

/** One trace entry as a sentence for the event log and screen readers (never raw JSON). */
export function narrate(e: TraceEntry): string {
  switch (e.k) {
    case 'boot':
      return e.recovered
        ? `${e.node} recovered from its disk (boot ${e.incarnation + 1})`
        : `${e.node} started`;
    case 'send':
      return `${e.node} sent ${e.kind} to ${e.to}${e.duplicateOf ? ' (a duplicate)' : ''}`;
    case 'deliver':
      return `${e.node} received ${e.kind} from ${e.from}`;
    case 'drop':
      return `${e.kind} ${e.from} → ${e.node} ${DROP_REASON[e.reason] ?? e.reason}`;
    case 'held':
      return `${e.kind} ${e.from} → ${e.node} is waiting to be delivered by hand`;
    case 'timer':
      return `${e.node}'s ${e.name} timer fired`;
    case 'action': {
      const args = argsInWords(e.action.args);
      return `${e.node}: ${e.action.id.replace(/-/g, ' ')}${args ? ` (${args})` : ''}`;
    }
    case 'crash':
      return `${e.node} crashed`;
    case 'restart':
      return `${e.node} restarted`;
    case 'pause':
      return `${e.node} paused`;
    case 'resume':
      return `${e.node} resumed`;
    case 'fault':
      return `${e.node} faulted: ${e.error}`;
    case 'log':
      return `${e.node} ${e.text}`;
    case 'op':
      return `${e.node} ${e.op.phase} ${e.op.fn}${e.op.key === undefined ? '' : ` ${e.op.key}`}`;
    case 'net':
      return `Network: ${e.text}`;
    case 'disk':
      return `Disk: ${e.text}`;
    case 'clock':
      return `${e.node}'s clock: skew ${e.skewMs} ms, drift ${e.drift}`;
    case 'intervene':
      return `message ${e.msg} to ${e.node}: ${e.what}${e.byMs ? ` by ${e.byMs} ms` : ''}`;
    default: {
      const never: never = e;
      return `an event of an unknown kind (${String((never as { k?: unknown }).k)})`;
    }
  }
}

/** What deserves a line in the narrated log (sends, deliveries and timers are too many). */
export function isNotable(e: TraceEntry): boolean {
  return e.k !== 'send' && e.k !== 'deliver' && e.k !== 'timer' && e.k !== 'op';
}

/** How many narrated events the log keeps, and how far back one update looks for them. */
const NARRATION_KEPT = 60;
const NARRATION_SCAN = 5_000;

/**
 * The narrated log, followed through the trace cursor: each update folds in the notable
 * entries written since the last (all of them, not just a frame's tail) and forgets the
 * future a seek back abandoned.
 */
export class NarrationLog {
  private cursor: TraceCursor = TRACE_START;
  private kept: readonly TraceEntry[] = [];

  constructor(private readonly recorder: Pick<Recorder, 'tail'>) {}

  /** The latest notable entries, oldest first; the same array when nothing changed. */
  update(): readonly TraceEntry[] {
    const tail = this.recorder.tail(this.cursor, NARRATION_SCAN);
    this.cursor = tail.cursor;
    if (tail.wentBack) this.kept = this.kept.filter((e) => e.i < tail.validBelow);
    const fresh = tail.entries.filter(isNotable);
    if (fresh.length) this.kept = [...this.kept, ...fresh].slice(-NARRATION_KEPT);
    return this.kept;
  }
}
