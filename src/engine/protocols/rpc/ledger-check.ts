/**
 * The RPC family's observer checker, "Each request takes effect at most once": it reads every
 * node's notes (messages.ts `RpcNote`) — a client's requests, attempts and outcomes, the
 * server's arrivals, dedup admissions, charges and replies — and flags a request the ledger
 * charged twice, naming what allowed it (causes.ts). Under at-least-once that is expected
 * (the lab shows it red; the simulation suites tolerate it and count); with idempotency keys
 * and a persisted dedup table it must never happen. Its summary is the `RpcLedgerSummary` the
 * ledger panel reads (seeking keeps it exact: it is built from the checker's memory).
 */
import type { Invariant, Observation, Violation } from '../../check/invariant';
import type { Json, NodeId } from '../../protocol';
import { causeWords, duplicateCauses } from './causes';
import { emptySeries, pruneSeries, sampleFigures } from './figures';
import { newCall, type CallRec, type LedgerMemory, type ReqRec } from './ledger-memory';
import { ledgerSummary } from './ledger-summary';
import { opWords, parseCall, type RpcNote } from './messages';
import type { AttemptOutcome, RpcSemantics } from './summary';

/** The observation of either protocol (server.ts `ServerSeen`, client.ts `ClientSeen`), as read here. */
interface Seen {
  readonly role: 'server' | 'client';
  readonly notes: readonly RpcNote[];
  readonly semantics?: RpcSemantics;
  readonly workers?: number;
  readonly busy?: number;
  readonly queued?: number;
  readonly dedupEntries?: number;
  readonly persistDedup?: boolean;
  readonly dedupTtlMs?: number;
  readonly accounts?: Record<string, { balance: number; version: number }>;
}

const callOf = (memory: LedgerMemory, call: string): { r: ReqRec; c: CallRec } | null => {
  const { req, attempt } = parseCall(call);
  const r = memory.reqs[req];
  if (!r || !(attempt >= 1)) return null;
  while (r.calls.length < attempt) r.calls.push(newCall(r.calls.length + 1));
  return { r, c: r.calls[attempt - 1] as CallRec };
};

function outcomeOf(n: Extract<RpcNote, { k: 'outcome' }>): AttemptOutcome {
  if (n.outcome === 'timeout') return { kind: 'timeout' };
  if (n.outcome === 'ok') return { kind: 'ok', replayed: n.replayed };
  if (n.outcome === 'error' && n.reason !== 'mismatch')
    return { kind: 'error', reason: n.reason ?? 'error' };
  const reason = n.reason === 'in-flight' || n.reason === 'mismatch' ? n.reason : 'shed';
  return { kind: 'refused', reason };
}

/** The violation for a request charged twice (the first time only). */
function duplicate(memory: LedgerMemory, r: ReqRec, o: Observation): Violation | null {
  if (r.reported || r.effects.length < 2) return null;
  r.reported = true;
  const causes = duplicateCauses(memory, r).map(causeWords);
  return {
    invariant: 'effect-at-most-once',
    message: `${r.id} took effect ${r.effects.length} times (${opWords(r.op)})${causes.length ? `: ${causes.join('; ')}` : ''}`,
    time: o.time,
    events: [o.cause],
  };
}

/** Reads one note into the memory; returns a violation when it is a second charge. */
function read(
  memory: LedgerMemory,
  node: NodeId,
  inc: number,
  n: RpcNote,
  o: Observation,
): Violation | null {
  const t = o.time;
  const s = memory.series;
  switch (n.k) {
    case 'start': {
      if (!memory.reqs[n.req]) memory.order.push(n.req);
      memory.reqs[n.req] = {
        id: n.req,
        client: node,
        server: n.server,
        key: n.key,
        op: n.op,
        startedAt: t,
        endedAt: null,
        result: 'pending',
        gaveUp: null,
        calls: [],
        effects: [],
        reported: false,
      };
      s.starts.push(t);
      return null;
    }
    case 'end': {
      const r = memory.reqs[n.req];
      if (!r) return null;
      r.result = n.result;
      r.gaveUp = n.gaveUp;
      r.endedAt = t;
      if (n.result !== 'indefinite')
        s.answered.push({ t, latencyMs: t - r.startedAt, ok: n.result === 'ok' });
      return null;
    }
    default:
      break;
  }
  const at = callOf(memory, n.call);
  if (!at) return null;
  const { r, c } = at;
  switch (n.k) {
    case 'send':
      c.sentAt = t;
      s.attempts.push(t);
      return null;
    case 'outcome':
      c.endedAt = t;
      c.outcome = outcomeOf(n);
      c.replyReceived = n.outcome !== 'timeout';
      return null;
    case 'late':
      c.late = true;
      c.replyReceived = true;
      return null;
    case 'arrive':
      c.arrivedAt = t;
      c.arrivedLocal = n.t;
      c.arrivedInc = inc;
      return null;
    case 'admit':
      c.adm = n.adm;
      return null;
    case 'shed':
      c.shed = true;
      s.shed.push(t);
      return null;
    case 'effect':
      c.effectAt = t;
      c.effectLocal = n.t;
      c.effectInc = inc;
      r.effects.push({
        server: node,
        attempt: c.attempt,
        at: t,
        account: n.account,
        amount: n.amount,
      });
      return duplicate(memory, r, o);
    case 'reply':
      c.replySentAt = t;
      c.noop = n.noop;
      return null;
  }
}

/** A node went down (crash, crash point, fault): a server's crash is remembered; a client's requests end unknown. */
function down(memory: LedgerMemory, o: Observation): void {
  const role = memory.roles[o.node];
  if (role === 'server') {
    const server = memory.servers[o.node];
    if (server?.up) {
      server.up = false;
      server.crashes.push({ at: o.time, inc: server.inc });
      server.busy = 0;
      server.queued = 0;
      memory.series.busy[o.node]?.steps.push({ t: o.time, busy: 0 });
    }
  } else if (role === 'client') {
    for (const id of memory.order) {
      const r = memory.reqs[id];
      if (r && r.client === o.node && r.result === 'pending') {
        r.result = 'indefinite';
        r.gaveUp = 'client-crashed';
        r.endedAt = o.time;
      }
    }
  }
}

function serverState(memory: LedgerMemory, o: Observation, seen: Seen): void {
  const prev = memory.servers[o.node];
  const busy = seen.busy ?? 0;
  const workers = seen.workers ?? 1;
  memory.servers[o.node] = {
    inc: o.incarnation,
    up: true,
    workers,
    busy,
    queued: seen.queued ?? 0,
    dedupEntries: seen.dedupEntries ?? 0,
    persisted: seen.persistDedup ?? false,
    ttlMs: seen.dedupTtlMs ?? Number.MAX_SAFE_INTEGER,
    crashes: prev?.crashes ?? [],
    accounts: seen.accounts ?? prev?.accounts ?? {},
  };
  const series = (memory.series.busy[o.node] ??= { workers, steps: [] });
  series.workers = workers;
  const last = series.steps[series.steps.length - 1];
  if (last?.busy !== busy) series.steps.push({ t: o.time, busy });
}

/** "Each request takes effect at most once": the observer checker and its summary (see the module comment). */
export const effectAtMostOnce: Invariant<LedgerMemory> = {
  id: 'effect-at-most-once',
  title: 'Each request takes effect at most once',
  description:
    'No logical request is charged twice, however often it is retried: a retry after a lost reply, a slow server or a crash must find the first charge (an idempotency key in a dedup table that survives crashes), not make a second.',
  init: () => ({
    semantics: 'at-least-once',
    reqs: {},
    order: [],
    read: {},
    roles: {},
    servers: {},
    now: 0,
    series: emptySeries(),
    samples: [],
  }),
  check(memory, o) {
    memory.now = o.time;
    const seen = o.data as unknown as Seen | null;
    if (!seen) {
      down(memory, o);
      pruneSeries(memory.series, o.time);
      sampleFigures(memory.samples, memory.series, o.time);
      return null;
    }
    memory.roles[o.node] = seen.role;
    if (seen.role === 'client' && seen.semantics) memory.semantics = seen.semantics;
    const mark = memory.read[o.node];
    const from = mark && mark.inc === o.incarnation ? mark.seq : 0;
    let violation: Violation | null = null;
    let last = from;
    for (const n of seen.notes) {
      if (n.seq <= from) continue;
      last = n.seq;
      violation = read(memory, o.node, o.incarnation, n, o) ?? violation;
    }
    memory.read[o.node] = { inc: o.incarnation, seq: last };
    if (seen.role === 'server') serverState(memory, o, seen);
    pruneSeries(memory.series, o.time);
    sampleFigures(memory.samples, memory.series, o.time);
    return violation;
  },
  summary: (memory) => ({ data: ledgerSummary(memory) as unknown as Json }),
};
