/**
 * One node's protocol instance: its volatile state, its random stream and the context its
 * handlers see. The same code runs inside a node's Web Worker and in the in-process host,
 * which is what makes their traces identical.
 */
import type { AnyProtocol, HistoryOp, Json, MessageBase, NodeContext, NodeView } from '../protocol';
import { cloneData, cloneDataSharing } from '../sim/clone';
import { createRng, type Rng } from '../sim/prng';
import type {
  BootInput,
  Effects,
  LogLine,
  NodeInput,
  NodeSnapshot,
  OutgoingMessage,
  TimerChange,
} from './types';

const DEFAULT_MESSAGE_BYTES = 100;

export interface NodeRuntime {
  handle(input: NodeInput): Effects;
  view(): NodeView;
  snapshot(): NodeSnapshot;
}

/** What a handler call did so far; lists stay null until used (most calls use few). */
interface Collector {
  sends: OutgoingMessage[] | null;
  timers: TimerChange[] | null;
  persisted: Json | undefined;
  didPersist: boolean;
  logs: LogLine[] | null;
  history: HistoryOp[] | null;
  localTime: number;
  /** The crash point the handler reached (null: none); every later call is ignored. */
  crashed: string | null;
}

/** The shared "nothing": effects are read, never changed, so one frozen list will do. */
const NONE: readonly never[] = Object.freeze([]);

function freshCollector(localTime: number): Collector {
  return {
    sends: null,
    timers: null,
    persisted: undefined,
    didPersist: false,
    logs: null,
    history: null,
    localTime,
    crashed: null,
  };
}

function toEffects(c: Collector, observation: Json | undefined): Effects {
  if (c.crashed !== null) return crashedEffects(c);
  const sends = c.sends ?? NONE;
  const timers = c.timers ?? NONE;
  const logs = c.logs ?? NONE;
  const history = c.history ?? NONE;
  // Built in one go (this runs after every event); absent fields stay absent.
  if (c.didPersist) {
    const persisted = c.persisted as Json;
    return observation === undefined
      ? { sends, timers, logs, history, persisted }
      : { sends, timers, logs, history, persisted, observation };
  }
  return observation === undefined
    ? { sends, timers, logs, history }
    : { sends, timers, logs, history, observation };
}

/** A crash point: what was written, logged and recorded before it stands; nothing leaves. */
function crashedEffects(c: Collector): Effects {
  const done = { sends: NONE, timers: NONE, logs: c.logs ?? NONE, history: c.history ?? NONE };
  return c.didPersist
    ? { ...done, persisted: c.persisted as Json, crashed: c.crashed as string }
    : { ...done, crashed: c.crashed as string };
}

/** A handler that throws did nothing: its sends, timers and writes are all discarded. */
function failed(err: unknown): Effects {
  const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { sends: [], timers: [], logs: [], history: [], error };
}

/**
 * Boot a node: run `init` (nothing persisted) or `recover`. Returns the runtime and the
 * boot's effects; if the boot handler throws, the runtime is null and effects carry the error.
 */
export function bootNode(
  protocol: AnyProtocol,
  boot: BootInput,
  restoreFrom?: NodeSnapshot,
): { runtime: NodeRuntime | null; effects: Effects } {
  const rng: Rng = createRng(restoreFrom ? restoreFrom.rng : boot.rng);
  let c = freshCollector(boot.localTime);
  // The last disk write, kept unchanged: the next shares whatever it did not change, so a
  // worker can send the engine just the change (see kept.ts).
  let lastDisk: Json | undefined;

  const ctx: NodeContext<MessageBase, Json> = {
    id: boot.node,
    peers: boot.peers,
    ...(boot.tornWrite ? { tornWriteAtBoot: true } : {}),
    now: () => c.localTime,
    random: () => rng.next(),
    send: (to, message) => {
      if (c.crashed !== null) return;
      const sizeBytes = protocol.messageSize
        ? protocol.messageSize(message)
        : DEFAULT_MESSAGE_BYTES;
      // The bytes leave now: later changes to the object must not change the message.
      (c.sends ??= []).push({ to, message: cloneData(message), sizeBytes });
    },
    setTimer: (name, delayMs) => {
      if (c.crashed !== null) return;
      if (!(delayMs >= 0) || !Number.isFinite(delayMs)) {
        throw new RangeError(`timer "${name}" needs a finite delay >= 0, got ${delayMs}`);
      }
      (c.timers ??= []).push({ name, delayMs });
    },
    cancelTimer: (name) => {
      if (c.crashed !== null) return;
      (c.timers ??= []).push({ name, delayMs: null });
    },
    persist: (data) => {
      if (c.crashed !== null) return;
      // Copy now: later mutation of live state must not change what is "on disk".
      c.persisted = lastDisk = cloneDataSharing(data, lastDisk);
      c.didPersist = true;
    },
    log: (text, marker, fact) => {
      if (c.crashed !== null) return;
      (c.logs ??= []).push({
        text,
        ...(marker === undefined || marker === null ? {} : { marker }),
        ...(fact === undefined ? {} : { fact: cloneData(fact) }),
      });
    },
    record: (op) => {
      if (c.crashed !== null) return;
      (c.history ??= []).push(op);
    },
    crashPoint: (point) => {
      if (c.crashed === null) c.crashed = point;
    },
  };

  let state: unknown;
  if (restoreFrom) {
    state = cloneData(restoreFrom.state);
  } else {
    try {
      state =
        boot.persisted === undefined
          ? protocol.init(ctx, boot.options)
          : protocol.recover(ctx, boot.options, boot.persisted);
    } catch (err) {
      return { runtime: null, effects: failed(err) };
    }
  }
  const isObserved = boot.observe !== false;
  const observe = (): Json | undefined =>
    isObserved && protocol.observe ? protocol.observe(state) : undefined;
  const bootEffects = toEffects(c, observe());

  const runtime: NodeRuntime = {
    handle(input) {
      c = freshCollector(input.localTime);
      try {
        switch (input.kind) {
          case 'message':
            protocol.onMessage(state, input.from, input.message, ctx);
            break;
          case 'timer':
            protocol.onTimer(state, input.name, ctx);
            break;
          case 'action':
            protocol.onAction(state, input.action, ctx);
            break;
          default: {
            const never: never = input;
            throw new Error(`unknown input ${JSON.stringify(never)}`);
          }
        }
      } catch (err) {
        return failed(err);
      }
      return toEffects(c, observe());
    },
    view: () => protocol.view(state),
    snapshot: () => ({ state: cloneData(state), rng: rng.state() }),
  };
  return { runtime, effects: bootEffects };
}
