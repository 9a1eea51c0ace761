/**
 * One node's protocol instance: its volatile state, its random stream and the context its
 * handlers see. The same code runs inside a node's Web Worker and in the in-process host,
 * which is what makes their traces identical.
 */
import type { AnyProtocol, HistoryOp, Json, MessageBase, NodeContext, NodeView } from '../protocol';
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

interface Collector {
  sends: OutgoingMessage[];
  timers: TimerChange[];
  persisted: Json | undefined;
  didPersist: boolean;
  logs: LogLine[];
  history: HistoryOp[];
  localTime: number;
}

function freshCollector(localTime: number): Collector {
  return {
    sends: [],
    timers: [],
    persisted: undefined,
    didPersist: false,
    logs: [],
    history: [],
    localTime,
  };
}

function toEffects(c: Collector, observation: Json | undefined): Effects {
  const base: Effects = { sends: c.sends, timers: c.timers, logs: c.logs, history: c.history };
  const withDisk = c.didPersist ? { ...base, persisted: c.persisted as Json } : base;
  return observation === undefined ? withDisk : { ...withDisk, observation };
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

  const ctx: NodeContext<MessageBase, Json> = {
    id: boot.node,
    peers: boot.peers,
    now: () => c.localTime,
    random: () => rng.next(),
    send: (to, message) => {
      const sizeBytes = protocol.messageSize
        ? protocol.messageSize(message)
        : DEFAULT_MESSAGE_BYTES;
      // The bytes leave now: later changes to the object must not change the message.
      c.sends.push({ to, message: structuredClone(message), sizeBytes });
    },
    setTimer: (name, delayMs) => {
      if (!(delayMs >= 0) || !Number.isFinite(delayMs)) {
        throw new RangeError(`timer "${name}" needs a finite delay >= 0, got ${delayMs}`);
      }
      c.timers.push({ name, delayMs });
    },
    cancelTimer: (name) => {
      c.timers.push({ name, delayMs: null });
    },
    persist: (data) => {
      // Copy now: later mutation of live state must not change what is "on disk".
      c.persisted = structuredClone(data);
      c.didPersist = true;
    },
    log: (text, marker, fact) => {
      c.logs.push({
        text,
        ...(marker === undefined || marker === null ? {} : { marker }),
        ...(fact === undefined ? {} : { fact: structuredClone(fact) }),
      });
    },
    record: (op) => {
      c.history.push(op);
    },
  };

  let state: unknown;
  if (restoreFrom) {
    state = structuredClone(restoreFrom.state);
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
  const observe = (): Json | undefined => (protocol.observe ? protocol.observe(state) : undefined);
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
    snapshot: () => ({ state: structuredClone(state), rng: rng.state() }),
  };
  return { runtime, effects: bootEffects };
}
