/**
 * Goal vocabulary for L15 (RPC with request ids), over the RPC family's published summary
 * (`RpcLedgerSummary`, the checker "Each request takes effect at most once": each logical
 * request, its attempts and charges, the duplicates and losses with their causes, the
 * balances), its facts (`charged`, `dedup_hit`, `retry`, `request-ended`) and the trace (the
 * server's crash and restart, the replies it sent). A goal reads the checker's own numbers,
 * never recomputes them. The server is `server`, the one client `c1`, its account `alice`.
 */
import type { ReplyMessage, RpcMessage } from '../engine/protocols/rpc/messages';
import type { RpcLedgerSummary, RpcRequest } from '../engine/protocols/rpc/summary';
import { actionsOf, entriesOf, factsOf } from './goals';
import type { GoalContext } from './types';

export const SERVER = 'server';
export const CLIENT = 'c1';
export const ACCOUNT = 'alice';

/** The checker's summary now, or null before the first frame (or outside the RPC lab). */
export function ledger(ctx: Pick<GoalContext, 'frame'>): RpcLedgerSummary | null {
  const data = ctx.frame.checks.find((c) => c.id === 'effect-at-most-once')?.summary?.data;
  return data && typeof data === 'object' && !Array.isArray(data)
    ? (data as unknown as RpcLedgerSummary)
    : null;
}

/** alice's balance as the server last showed it (100 before any call touched it). */
export function balance(ctx: Pick<GoalContext, 'frame'>): number {
  return ledger(ctx)?.balances.find((b) => b.account === ACCOUNT)?.balance ?? 100;
}

/** Charges beyond the first per request, as the checker counts them. */
export const duplicates = (ctx: Pick<GoalContext, 'frame'>): number =>
  ledger(ctx)?.totals.duplicates ?? 0;

/** Requests meant and never made (the client gave up with nothing charged), as the checker counts them. */
export const losses = (ctx: Pick<GoalContext, 'frame'>): number => ledger(ctx)?.totals.lost ?? 0;

/** The first request the checker flags as charged twice, or null. */
export const firstDuplicate = (ctx: Pick<GoalContext, 'frame'>): RpcRequest | null =>
  ledger(ctx)?.requests.find((r) => r.anomaly?.kind === 'duplicate') ?? null;

/**
 * Requests the ledger charged, counting each once: every one of them took effect exactly once
 * while the checker counts no duplicate.
 */
export const chargedRequests = (ctx: Pick<GoalContext, 'frame'>): number => {
  const t = ledger(ctx)?.totals;
  return t ? t.effects - t.duplicates : 0;
};

/** The payload of a message by id: in flight now, at the step's start, or sent since. */
function payloadOf(ctx: GoalContext, msg: number): RpcMessage | null {
  const now =
    ctx.frame.inFlight.find((m) => m.id === msg)?.payload ??
    ctx.start.frame.inFlight.find((m) => m.id === msg)?.payload;
  const sent = ctx.trace.find((e) => e.k === 'send' && e.msg === msg);
  const p = now ?? (sent?.k === 'send' ? sent.payload : null);
  return p && typeof p === 'object' && 'type' in p ? (p as unknown as RpcMessage) : null;
}

/** The replies the learner dropped since the step began. */
export const droppedReplies = (ctx: GoalContext): ReplyMessage[] =>
  actionsOf(ctx, 'drop-message')
    .map((a) => payloadOf(ctx, a.msg))
    .filter((p): p is ReplyMessage => p?.type === 'Reply');

/** The learner dropped a call (a request) since the step began: the wrong message, in steps about replies. */
export const droppedCall = (ctx: GoalContext): boolean =>
  actionsOf(ctx, 'drop-message').some((a) => payloadOf(ctx, a.msg)?.type === 'Call');

/** The client retried since the step began (a retry fact). */
export const retried = (ctx: GoalContext): boolean =>
  factsOf(ctx.trace, 'retry', CLIENT).length > 0;

/** The server replayed a stored answer since the step began (a dedup hit). */
export const dedupHits = (ctx: GoalContext): number => factsOf(ctx.trace, 'dedup_hit').length;

/** Charges the server made since the step began. */
export const charges = (ctx: GoalContext): number => factsOf(ctx.trace, 'charged', SERVER).length;

/** The server crashed since the step began after charging a call whose reply never left. */
export function crashedAfterCharge(ctx: GoalContext): boolean {
  const crash = entriesOf(ctx.trace, 'crash').find((e) => e.node === SERVER);
  if (!crash) return false;
  return factsOf(ctx.trace, 'charged', SERVER).some((f) => f.t <= crash.t);
}

/** The server was restarted since the step began, after a crash in it. */
export const restartedServer = (ctx: GoalContext): boolean =>
  entriesOf(ctx.trace, 'crash').some((e) => e.node === SERVER) &&
  entriesOf(ctx.trace, 'restart').some((e) => e.node === SERVER);

/** Crashes of the server since the step began (any kind: by hand or at an armed crash point). */
export const serverCrashes = (ctx: GoalContext): number =>
  entriesOf(ctx.trace, 'crash').filter((e) => e.node === SERVER).length;

/** Replies the server sent since the step began. */
function serverReplies(ctx: GoalContext): ReplyMessage[] {
  const out: ReplyMessage[] = [];
  for (const e of ctx.trace)
    if (e.k === 'send' && e.node === SERVER) {
      const p = e.payload as unknown as RpcMessage;
      if (p.type === 'Reply') out.push(p);
    }
  return out;
}

/**
 * A retry of a conditional write ran and changed nothing: the server answered a later attempt
 * ok, with the balance already set ("already so"), not from a dedup table.
 */
export const harmlessRetry = (ctx: GoalContext): ReplyMessage | null =>
  serverReplies(ctx).find(
    (r) => r.attempt >= 2 && r.status === 'ok' && !r.replayed && r.response.endsWith('already so'),
  ) ?? null;

/** "twice", "3 times": how often a request was charged, in words. */
export const times = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
