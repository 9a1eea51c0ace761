/**
 * A hand-driven node context for handler unit tests: it records what a handler sent,
 * persisted, logged and which timers it set, in the order it did them (persist before send
 * matters), with a clock and a random stream the test controls. No engine, no network.
 */
import type { Fact, MessageBase, NodeContext, NodeId } from '../protocol';

export interface HandContext<M extends MessageBase, P> {
  readonly ctx: NodeContext<M, P>;
  /** Messages sent, oldest first. */
  readonly sent: Array<{ to: NodeId; m: M }>;
  /** Each timer's last delay (ms), or null once cancelled. */
  readonly timers: Map<string, number | null>;
  /** What is on disk now (a copy of the last persist), or null before any. */
  disk: P | null;
  /** 'persist', 'send <type>' and 'log <fact kind>' in the order they happened. */
  readonly journal: string[];
  /** The facts logged, oldest first. */
  readonly facts: Fact[];
  /** The node's local clock (ms); the test moves it. */
  readonly clock: { now: number };
  /** Forget what was sent and logged so far (the disk and timers stay). */
  clear(): void;
}

/** A context for node `id` among `peers`; `random` returns 0.5 unless the test replaces it. */
export function handContext<M extends MessageBase, P>(
  id: NodeId,
  peers: readonly NodeId[],
  random: () => number = () => 0.5,
): HandContext<M, P> {
  const h: HandContext<M, P> = {
    sent: [],
    timers: new Map(),
    disk: null,
    journal: [],
    facts: [],
    clock: { now: 0 },
    clear() {
      h.sent.length = 0;
      h.journal.length = 0;
      h.facts.length = 0;
    },
    ctx: {
      id,
      peers,
      now: () => h.clock.now,
      random,
      send: (to, m) => {
        h.sent.push({ to, m });
        h.journal.push(`send ${m.type}`);
      },
      setTimer: (name, delay) => void h.timers.set(name, delay),
      cancelTimer: (name) => void h.timers.set(name, null),
      persist: (data) => {
        h.disk = structuredClone(data);
        h.journal.push('persist');
      },
      log: (_text, _marker, fact) => {
        if (!fact) return;
        h.facts.push(fact);
        h.journal.push(`log ${fact.kind}`);
      },
      record: () => {},
      crashPoint: () => {},
    },
  };
  return h;
}
