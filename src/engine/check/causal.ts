/**
 * Causal consistency, checked live from what key-value clients publish (the same
 * ClientHistorySummary that no-stale-read reads: see stale-read.ts). Three invariants:
 *
 * - read-your-writes: after a client's write of k is acknowledged, its reads of k never
 *   return nil or a value it had left behind (an older one of its own, or one it read before).
 * - monotonic reads: once a client has read k = v, its later reads of k never return nil or a
 *   value it had seen before v.
 * - no effect before cause: a write depends on everything its client had seen when it was
 *   invoked (writes follow reads), transitively. A client that has seen a write must not
 *   then read nil for a key the write depends on — the reply visible, the post it answers not.
 *
 * "Left behind" needs no knowledge of the store's conflict resolution: in a session, the values
 * a client sees of one key follow the store's order for that key (whatever it is), so a
 * value, once replaced in the client's eyes, never comes back; values are unique per write.
 * A session is one incarnation of a client: a restarted client starts a new one. Only ok
 * operations count; a write whose outcome is unknown constrains nothing.
 */
import type { NodeId } from '../protocol';
import type { Invariant, Observation, Violation } from './invariant';
import { asClientHistory, type CompletedOpSummary, type OpSummary } from './stale-read';

/** How a client came to know that a key has a value. */
interface Evidence {
  readonly value: string;
  /** Null when the client saw it itself; else the value ("reply = hi") whose past holds it. */
  readonly via: string | null;
  readonly cause: number;
}

interface Chain {
  current: string;
  how: 'wrote' | 'read';
  cause: number;
  /** Values this client has seen replaced (at most LEFT_PER_KEY). */
  left: string[];
}

interface Session {
  incarnation: number;
  done: number;
  pending: OpSummary | null;
  chains: Record<string, Chain>;
  known: Record<string, Evidence>;
}

export interface CausalCheckMemory {
  sessions: Record<NodeId, Session>;
  /** For each value written (values are unique per write): its key and causal past. */
  writes: Record<string, { key: string; past: Record<string, Evidence> }>;
  writeOrder: string[];
}

/** Forgetting only loses detections, never invents one. */
const LEFT_PER_KEY = 64;
const WRITES_REMEMBERED = 4096;

type Rule = 'read-your-writes' | 'monotonic-reads' | 'no-effect-before-cause';

const ms = (t: number) => `${Math.round(t)} ms`;
const nil = (v: string | null) => v ?? 'nil';

function sessionOf(memory: CausalCheckMemory, o: Observation): Session | null {
  const h = asClientHistory(o.data);
  if (!h) {
    delete memory.sessions[o.node]; // down, or not a client
    return null;
  }
  let s = memory.sessions[o.node];
  if (!s || s.incarnation !== o.incarnation) {
    s = { incarnation: o.incarnation, done: 0, pending: null, chains: {}, known: {} };
    memory.sessions[o.node] = s;
  }
  return s;
}

/** The session's own order for one key: read-your-writes and monotonic reads. */
function checkChain(
  rule: Rule,
  s: Session,
  o: Observation,
  op: CompletedOpSummary,
): Violation | null {
  const chain = s.chains[op.key];
  const v = op.value;
  if (!chain) {
    if (v !== null)
      s.chains[op.key] = {
        current: v,
        how: op.fn === 'write' ? 'wrote' : 'read',
        cause: o.cause,
        left: [],
      };
    return null;
  }
  if (v === chain.current) return null;
  if (op.fn === 'read' && (v === null || chain.left.includes(v))) {
    const broken = chain.how === 'wrote' ? 'read-your-writes' : 'monotonic-reads';
    if (broken !== rule) return null;
    const after =
      chain.how === 'wrote'
        ? `after its own write of ${op.key} = ${chain.current} had been acknowledged`
        : `after it had already read ${op.key} = ${chain.current}`;
    return {
      invariant: rule,
      message: `${o.node} read ${op.key} = ${nil(v)} at ${ms(o.time)}, ${after}`,
      time: o.time,
      events: [chain.cause, o.cause],
    };
  }
  if (v === null) return null;
  chain.left.push(chain.current);
  if (chain.left.length > LEFT_PER_KEY) chain.left.shift();
  chain.current = v;
  chain.how = op.fn === 'write' ? 'wrote' : 'read';
  chain.cause = o.cause;
  return null;
}

/** What the session knows exists, directly or through the past of what it has seen. */
function checkKnown(
  memory: CausalCheckMemory,
  s: Session,
  o: Observation,
  op: CompletedOpSummary,
): Violation | null {
  const v = op.value;
  if (v === null) {
    const ev = s.known[op.key];
    if (!ev || ev.via === null) return null; // never seen, or seen directly (the other rules)
    return {
      invariant: 'no-effect-before-cause',
      message: `${o.node} read ${op.key} = nil at ${ms(o.time)}, but it had seen ${ev.via}, written by a client that had seen ${op.key} = ${ev.value}: the effect was visible before its cause`,
      time: o.time,
      events: [ev.cause, o.cause],
    };
  }
  s.known[op.key] = { value: v, via: null, cause: o.cause };
  const past = memory.writes[v]?.past ?? {};
  for (const [k, ev] of Object.entries(past))
    if (!s.known[k]) s.known[k] = { value: ev.value, via: `${op.key} = ${v}`, cause: o.cause };
  return null;
}

function rememberWrite(memory: CausalCheckMemory, s: Session, p: OpSummary): void {
  if (p.fn !== 'write' || p.value === null || memory.writes[p.value]) return;
  memory.writes[p.value] = { key: p.key, past: { ...s.known } };
  memory.writeOrder.push(p.value);
  if (memory.writeOrder.length > WRITES_REMEMBERED) {
    const oldest = memory.writeOrder.shift();
    if (oldest !== undefined) delete memory.writes[oldest];
  }
}

function check(rule: Rule, memory: CausalCheckMemory, o: Observation): Violation | null {
  const s = sessionOf(memory, o);
  const h = asClientHistory(o.data);
  if (!s || !h) return null;
  let found: Violation | null = null;
  if (h.done > s.done && h.last) {
    const last = h.last;
    if (last.outcome === 'ok' && (last.fn === 'read' || last.value !== null)) {
      found =
        rule === 'no-effect-before-cause'
          ? checkKnown(memory, s, o, last)
          : checkChain(rule, s, o, last);
    }
    s.done = h.done;
    s.pending = null;
  }
  if (h.pending && h.pending.id !== s.pending?.id) {
    s.pending = h.pending;
    if (rule === 'no-effect-before-cause') rememberWrite(memory, s, h.pending);
  } else if (!h.pending) s.pending = null;
  return found;
}

function invariant(rule: Rule, title: string, description: string): Invariant<CausalCheckMemory> {
  return {
    id: rule,
    title,
    description,
    init: () => ({ sessions: {}, writes: {}, writeOrder: [] }),
    check: (memory, o) => check(rule, memory, o),
  };
}

export const readYourWrites = invariant(
  'read-your-writes',
  'Read your writes',
  'After a client’s write is acknowledged, its reads of that key never return nil or a value the write replaced.',
);

export const monotonicReads = invariant(
  'monotonic-reads',
  'Monotonic reads',
  'Once a client has read a value, its later reads of that key never go back to nil or an older value.',
);

export const noEffectBeforeCause = invariant(
  'no-effect-before-cause',
  'No effect before its cause',
  'A client that has seen a write never then finds missing a key the write depended on (a comment is never visible without the post it answers).',
);

export const causalInvariants = [readYourWrites, monotonicReads, noEffectBeforeCause] as const;
