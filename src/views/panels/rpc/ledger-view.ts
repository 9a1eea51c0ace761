/**
 * What the side-effect ledger says, as plain functions over the RPC family's summary
 * (`RpcLedgerSummary`): each request's outcome and attempts in words (a definite ok, error or
 * refusal apart from an indefinite timeout: "it may have happened"), the rows shown (newest
 * first, bounded, optionally only duplicates and losses), each anomaly's causes as the things
 * they point at, and the balances. Pure, so the sentences are tested without a browser.
 */
import type { InvariantStatus } from '../../../engine/check/monitor';
import type {
  AttemptOutcome,
  RpcAttempt,
  RpcCause,
  RpcLedgerSummary,
  RpcRequest,
  RpcSemantics,
} from '../../../engine/protocols/rpc/summary';

/** The observer checker whose summary the ledger reads ("Each request takes effect at most once"). */
export const LEDGER_CHECK_ID = 'effect-at-most-once';

/** The family's summary from the frame's checker statuses, or null when there is none. */
export function ledgerSummaryOf(
  checks: readonly InvariantStatus[] | undefined,
): RpcLedgerSummary | null {
  const data = checks?.find((c) => c.id === LEDGER_CHECK_ID)?.summary?.data;
  return data ? (data as unknown as RpcLedgerSummary) : null;
}

/** The semantics in words, as the Semantics selector says them. */
export function semanticsWords(s: RpcSemantics): string {
  switch (s) {
    case 'at-most-once':
      return 'at-most-once: never retry';
    case 'at-least-once':
      return 'at-least-once: retry, no dedup';
    case 'idempotency-key':
      return 'idempotency keys: retry with a key, the server dedups';
  }
}

/**
 * Whether an outcome is definite (the caller knows whether it happened) or indefinite (a
 * timeout: it may have happened), or still pending. Birrell & Nelson 1984: a timed-out call's
 * outcome is unknown to the caller.
 */
export type Certainty = 'definite' | 'indefinite' | 'pending';

/** An attempt's certainty. */
export function attemptCertainty(o: AttemptOutcome): Certainty {
  return o.kind === 'pending' ? 'pending' : o.kind === 'timeout' ? 'indefinite' : 'definite';
}

/** A request's certainty (what its caller was told). */
export function requestCertainty(r: RpcRequest): Certainty {
  return r.result === 'pending' ? 'pending' : r.result === 'indefinite' ? 'indefinite' : 'definite';
}

const REFUSED_WORDS = {
  'in-flight': 'refused (409): the first attempt is still running',
  mismatch: 'refused (422): the key was used with another body',
  shed: 'refused (503): the server shed it under load',
  budget: 'not sent: the retry budget is spent',
} as const;

/** One attempt's outcome in words, e.g. "timed out: may have happened". */
export function outcomeWords(o: AttemptOutcome): string {
  switch (o.kind) {
    case 'pending':
      return 'waiting for the reply';
    case 'ok':
      return o.replayed ? 'ok: the stored answer, replayed (not charged again)' : 'ok';
    case 'error':
      return `error: ${o.reason}`;
    case 'timeout':
      return 'timed out: may have happened';
    case 'refused':
      return REFUSED_WORDS[o.reason];
  }
}

/** One attempt in a line: "attempt 2 (a retry), sent at 1,230 ms: ok, reply received". */
export function attemptWords(a: RpcAttempt): string {
  const which = a.attempt === 1 ? 'attempt 1' : `attempt ${a.attempt} (a retry)`;
  return `${which}, sent at ${ms(a.sentAt)}: ${outcomeWords(a.outcome)}`;
}

const GAVE_UP_WORDS = {
  'max-attempts': 'gave up after its maximum attempts',
  deadline: 'gave up at its deadline',
  budget: 'gave up: the retry budget was spent',
  'client-crashed': 'the client crashed',
} as const;

/** What the caller was told, in words (with why it gave up, when it did). */
export function resultWords(r: RpcRequest): string {
  const why = r.gaveUp ? ` (${GAVE_UP_WORDS[r.gaveUp]})` : '';
  switch (r.result) {
    case 'pending':
      return 'pending';
    case 'ok':
      return `ok${why}`;
    case 'error':
      return `error${why}`;
    case 'indefinite':
      return `unknown: timed out, may have happened${why}`;
  }
}

/** The operation in words: "withdraw 10 from alice", "set alice to 90 if at version 7". */
export function operationWords(r: RpcRequest): string {
  return r.op === 'set'
    ? `set ${r.account} to ${r.amount} if at version ${r.ifVersion ?? '?'}`
    : `withdraw ${r.amount} from ${r.account}`;
}

/** The anomaly in a few words: "charged 2 times" or "lost: never charged". */
export function anomalyWords(r: RpcRequest): string | null {
  if (!r.anomaly) return null;
  return r.anomaly.kind === 'duplicate'
    ? `duplicate: charged ${r.effects.length} times`
    : 'lost: never charged';
}

/** Which requests the ledger lists. */
export type LedgerFilter = 'all' | 'anomalies';

/** The rows shown and what they are out of. */
export interface LedgerRows {
  readonly rows: readonly RpcRequest[];
  /** How many the filter matches in the summary (the summary keeps the newest 100 and older anomalies). */
  readonly matching: number;
}

/**
 * The rows shown: newest first (the summary lists oldest first), only duplicates and losses
 * when `filter` says so, at most `limit` of them. A storm's hundreds of requests stay usable.
 */
export function ledgerRows(
  requests: readonly RpcRequest[],
  filter: LedgerFilter,
  limit: number,
): LedgerRows {
  const matching = requests.filter((r) => filter === 'all' || r.anomaly !== null);
  return { rows: matching.slice(-limit).reverse(), matching: matching.length };
}

/** "Showing the newest 20 of 312 requests", or "3 requests" when all are shown. */
export function countWords(
  shown: number,
  matching: number,
  total: number,
  filter: LedgerFilter,
): string {
  const noun = filter === 'all' ? 'request' : 'duplicate or loss';
  const nouns = filter === 'all' ? 'requests' : 'duplicates and losses';
  const of = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? noun : nouns}`;
  const kept =
    filter === 'all' && total > matching
      ? ` (${total.toLocaleString('en-US')} in all; older ones without an anomaly are not kept)`
      : '';
  if (shown >= matching) return `${of(matching)}, newest first${kept}`;
  return `Showing the newest ${shown} of ${of(matching)}${kept}`;
}

/**
 * What a cause points at, for its link: a message of the trace (the request or reply of one
 * call id, `<request>#<attempt>`), a node (at a moment, when one is named), or nothing more
 * than its words (the dedup table's missing entry points at the server).
 */
export type CauseTarget =
  | { readonly kind: 'message'; readonly call: string; readonly type: 'Call' | 'Reply' }
  | { readonly kind: 'node'; readonly node: string; readonly at: number | null };

/** The thing cause `c` of request `r` names (`server`: the node that served it). */
export function causeTarget(c: RpcCause, r: RpcRequest, server: string): CauseTarget {
  const call = (attempt: number) => `${r.id}#${attempt}`;
  switch (c.kind) {
    case 'retry':
    case 'slow-server':
      return { kind: 'message', call: call(c.attempt), type: 'Call' };
    case 'lost-request':
    case 'duplicated-request':
      return { kind: 'message', call: c.msg, type: 'Call' };
    case 'lost-reply':
    case 'late-reply':
      return { kind: 'message', call: c.msg, type: 'Reply' };
    case 'crash-before-effect':
    case 'crash-after-effect':
      return { kind: 'node', node: c.node, at: c.at };
    case 'no-dedup-entry':
      return { kind: 'node', node: server, at: null };
    case 'dedup-expired':
      return { kind: 'node', node: server, at: null };
  }
}

/** The server that charged `r` (or the first server the summary knows). */
export function serverOf(r: RpcRequest, summary: RpcLedgerSummary): string {
  return r.effects[0]?.server ?? summary.dedup[0]?.server ?? summary.balances[0]?.server ?? '';
}

/** One account's line: balance and version, and its charges against its requests. */
export interface BalanceLine {
  readonly server: string;
  readonly account: string;
  readonly balance: number;
  readonly version: number;
  /** Charges applied to it among the requests the summary lists, and duplicates among them. */
  readonly charges: number;
  readonly duplicateCharges: number;
  /** The sum the duplicates took too much (cents). */
  readonly overcharged: number;
}

/** Each account's balance with what the listed requests charged it (duplicates apart). */
export function balanceLines(s: RpcLedgerSummary): BalanceLine[] {
  return s.balances.map((b) => {
    let charges = 0;
    let duplicateCharges = 0;
    let overcharged = 0;
    for (const r of s.requests) {
      const mine = r.effects.filter((e) => e.account === b.account && e.server === b.server);
      charges += mine.length;
      // A conditional write applied twice sets the same balance: no sum taken too much.
      if (mine.length > 1 && r.op === 'withdraw') {
        duplicateCharges += mine.length - 1;
        overcharged += mine.slice(1).reduce((sum, e) => sum + e.amount, 0);
      }
    }
    return { ...b, charges, duplicateCharges, overcharged };
  });
}

/** A balance line in words: "alice: 80 (version 9); 2 charges, 1 a duplicate (10 too much)". */
export function balanceWords(b: BalanceLine): string {
  const charges = `${b.charges} charge${b.charges === 1 ? '' : 's'}`;
  const dup =
    b.duplicateCharges > 0
      ? `, ${b.duplicateCharges} of them ${b.duplicateCharges === 1 ? 'a duplicate' : 'duplicates'} (${b.overcharged} too much)`
      : '';
  return `${b.account}: ${b.balance} (version ${b.version}); ${charges}${dup}`;
}

/** The totals in one sentence. */
export function totalsWords(s: RpcLedgerSummary): string {
  const t = s.totals;
  const n = (x: number, one: string, many: string) =>
    `${x.toLocaleString('en-US')} ${x === 1 ? one : many}`;
  return `${n(t.requests, 'request', 'requests')}, ${n(t.attempts, 'attempt', 'attempts')}, ${n(t.effects, 'charge', 'charges')}; ${n(t.duplicates, 'duplicate charge', 'duplicate charges')}, ${n(t.lost, 'loss', 'losses')}, ${n(t.indefinite, 'outcome unknown', 'outcomes unknown')}.`;
}

/** Virtual ms, rounded, with thousands separators: "1,230 ms". */
export function ms(t: number): string {
  return `${Math.round(t).toLocaleString('en-US')} ms`;
}
