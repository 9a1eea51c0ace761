/**
 * Why a request took effect twice, or not at all: the links the ledger shows (`RpcCause`),
 * derived from what the checker saw of each attempt at both ends, and said in words for the
 * violation and the event log.
 */
import type { CallRec, LedgerMemory, ReqRec } from './ledger-memory';
import { callId } from './messages';
import type { RpcCause } from './summary';

/** The crash of `server` that ended incarnation `inc`, if any. */
function crashOf(memory: LedgerMemory, server: string, inc: number | null) {
  if (inc === null) return undefined;
  return memory.servers[server]?.crashes.find((c) => c.inc === inc);
}

/** Why the client did not learn that attempt `a` (which took effect) had: its missing answer. */
function unanswered(memory: LedgerMemory, r: ReqRec, a: CallRec): RpcCause | null {
  const msg = callId(r.id, a.attempt);
  if (a.replySentAt === null) {
    const crash = crashOf(memory, r.server, a.effectInc);
    return crash
      ? { kind: 'crash-after-effect', node: r.server, at: crash.at }
      : { kind: 'slow-server', attempt: a.attempt };
  }
  if (a.outcome.kind === 'timeout' && a.endedAt !== null && a.replySentAt >= a.endedAt)
    return { kind: 'slow-server', attempt: a.attempt };
  if (a.late) return { kind: 'late-reply', msg };
  if (a.outcome.kind === 'timeout') return { kind: 'lost-reply', msg };
  return null;
}

/** Why attempt `c` did nothing: lost on the way, or died in a crash before the charge. */
function fruitless(memory: LedgerMemory, r: ReqRec, c: CallRec): RpcCause | null {
  if (c.sentAt === null) return null;
  if (c.arrivedAt === null)
    return c.outcome.kind === 'pending'
      ? null
      : { kind: 'lost-request', msg: callId(r.id, c.attempt) };
  if (c.effectAt !== null || c.replySentAt !== null || c.shed) return null;
  const crash = crashOf(memory, r.server, c.arrivedInc);
  return crash ? { kind: 'crash-before-effect', node: r.server, at: crash.at } : null;
}

/** Why the server ran attempt `b` although attempt `a` had taken effect. */
function dedupCause(memory: LedgerMemory, r: ReqRec, a: CallRec, b: CallRec): RpcCause {
  const server = memory.servers[r.server];
  if (b.adm === 'none' || b.adm === null) return { kind: 'no-dedup-entry', why: 'not-kept' };
  const ttl = server?.ttlMs ?? Infinity;
  if (a.effectLocal !== null && b.arrivedLocal !== null && b.arrivedLocal >= a.effectLocal + ttl)
    return { kind: 'dedup-expired', expiredAt: a.effectLocal + ttl };
  if (a.effectInc !== b.arrivedInc && server && !server.persisted)
    return { kind: 'no-dedup-entry', why: 'lost-in-crash' };
  return { kind: 'no-dedup-entry', why: 'forgotten' };
}

/** The causes of request `r`'s duplicate effects (each effect after the first). */
export function duplicateCauses(memory: LedgerMemory, r: ReqRec): RpcCause[] {
  const causes: RpcCause[] = [];
  const add = (c: RpcCause | null) => {
    if (c && !causes.some((x) => JSON.stringify(x) === JSON.stringify(c))) causes.push(c);
  };
  const first = r.effects[0];
  const a = first ? r.calls[first.attempt - 1] : undefined;
  if (!a) return causes;
  for (const e of r.effects.slice(1)) {
    const b = r.calls[e.attempt - 1];
    if (!b) continue;
    if (b.attempt === a.attempt) {
      add({ kind: 'duplicated-request', msg: callId(r.id, a.attempt) });
      continue;
    }
    // The later-numbered attempt is the retry, whichever charged first (a slow first attempt
    // may charge after its retry did).
    const [early, late] = a.attempt < b.attempt ? [a, b] : [b, a];
    add({ kind: 'retry', attempt: late.attempt });
    add(unanswered(memory, r, early));
    for (const c of r.calls.slice(early.attempt, late.attempt - 1)) add(fruitless(memory, r, c));
    add(dedupCause(memory, r, a, b));
  }
  return causes;
}

/** The causes of a request that ended with no effect although it may have been meant to. */
export function lossCauses(memory: LedgerMemory, r: ReqRec): RpcCause[] {
  const causes: RpcCause[] = [];
  for (const c of r.calls) {
    const cause = fruitless(memory, r, c);
    if (cause && !causes.some((x) => JSON.stringify(x) === JSON.stringify(cause)))
      causes.push(cause);
  }
  return causes;
}

/** Whether some attempt of `r` may still take effect: queued or served by a live server incarnation. */
export function mayStillRun(memory: LedgerMemory, r: ReqRec): boolean {
  const server = memory.servers[r.server];
  return r.calls.some(
    (c) =>
      c.arrivedAt !== null &&
      !c.shed &&
      (c.adm === 'execute' || c.adm === 'none') &&
      c.effectAt === null &&
      c.replySentAt === null &&
      server !== undefined &&
      server.up &&
      server.inc === c.arrivedInc,
  );
}

/** One cause in words, e.g. "the reply to n2-1#1 was lost". */
export function causeWords(c: RpcCause): string {
  switch (c.kind) {
    case 'retry':
      return `attempt ${c.attempt} was a retry`;
    case 'lost-request':
      return `the request ${c.msg} was lost`;
    case 'lost-reply':
      return `the reply to ${c.msg} was lost`;
    case 'late-reply':
      return `the reply to ${c.msg} came after the timeout`;
    case 'slow-server':
      return `the server was still serving attempt ${c.attempt} when the client timed out`;
    case 'crash-before-effect':
      return `${c.node} crashed before the charge (at ${Math.round(c.at)} ms)`;
    case 'crash-after-effect':
      return `${c.node} crashed after the charge, before the reply (at ${Math.round(c.at)} ms)`;
    case 'no-dedup-entry':
      return c.why === 'not-kept'
        ? 'the server keeps no dedup entry without an idempotency key'
        : c.why === 'lost-in-crash'
          ? 'the dedup entry was lost in the crash (the table was in memory only)'
          : 'the dedup table had forgotten the completed key';
    case 'dedup-expired':
      return `the dedup entry had expired (at ${Math.round(c.expiredAt)} ms on the server's clock)`;
    case 'duplicated-request':
      return `the network delivered ${c.msg} twice`;
  }
}
