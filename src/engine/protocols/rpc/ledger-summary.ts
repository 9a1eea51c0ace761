/**
 * Builds the `RpcLedgerSummary` the ledger panel reads from the checker's memory: each logical
 * request with its attempts, effects and anomaly (with causes), the totals, the figures over
 * the window, and each server's dedup table.
 */
import { duplicateCauses, lossCauses, mayStillRun } from './causes';
import { figuresAt } from './figures';
import type { CallRec, LedgerMemory, ReqRec } from './ledger-memory';
import { callId } from './messages';
import type { RpcAttempt, RpcLedgerSummary, RpcRequest } from './summary';

/** How many of the newest requests the summary lists. */
export const SUMMARY_NEWEST = 100;
/** How many older requests with an anomaly it lists before them. */
export const SUMMARY_OLDER_ANOMALIES = 100;

const attemptOf = (r: ReqRec, c: CallRec): RpcAttempt => ({
  attempt: c.attempt,
  sentAt: c.sentAt ?? r.startedAt,
  endedAt: c.endedAt,
  outcome: c.outcome,
  requestMsg: callId(r.id, c.attempt),
  replyMsg: c.replyReceived ? callId(r.id, c.attempt) : null,
});

/** Whether `r` is a loss: meant, told ok or left unknown, and no attempt took or can take effect. */
function isLost(memory: LedgerMemory, r: ReqRec): boolean {
  if (r.effects.length > 0) return false;
  if (r.result === 'ok')
    return !r.calls.some((c) => c.noop || (c.outcome.kind === 'ok' && c.outcome.replayed));
  return r.result === 'indefinite' && !mayStillRun(memory, r);
}

function requestOf(memory: LedgerMemory, r: ReqRec): RpcRequest {
  const anomaly =
    r.effects.length > 1
      ? { kind: 'duplicate' as const, causes: duplicateCauses(memory, r) }
      : isLost(memory, r)
        ? { kind: 'lost' as const, causes: lossCauses(memory, r) }
        : null;
  return {
    id: r.id,
    client: r.client,
    key: r.key,
    account: r.op.account,
    amount: r.op.kind === 'withdraw' ? r.op.amount : r.op.balance,
    attempts: r.calls.filter((c) => c.sentAt !== null).map((c) => attemptOf(r, c)),
    effects: r.effects,
    result: r.result,
    anomaly,
    gaveUp: r.gaveUp,
    op: r.op.kind,
    ifVersion: r.op.kind === 'set' ? r.op.ifVersion : null,
  };
}

/** The summary at the memory's "now". */
export function ledgerSummary(memory: LedgerMemory): RpcLedgerSummary {
  const all = memory.order.map((id) => memory.reqs[id]).filter((r): r is ReqRec => r !== undefined);
  let attempts = 0;
  let effects = 0;
  let duplicates = 0;
  let lost = 0;
  let indefinite = 0;
  const older: RpcRequest[] = [];
  const cut = Math.max(0, all.length - SUMMARY_NEWEST);
  all.forEach((r, i) => {
    attempts += r.calls.filter((c) => c.sentAt !== null).length;
    effects += r.effects.length;
    duplicates += Math.max(0, r.effects.length - 1);
    if (r.result === 'indefinite') indefinite++;
    const loss = isLost(memory, r);
    if (loss) lost++;
    if (i < cut && (loss || r.effects.length > 1) && older.length < SUMMARY_OLDER_ANOMALIES)
      older.push(requestOf(memory, r));
  });
  return {
    semantics: memory.semantics,
    requests: [...older, ...all.slice(cut).map((r) => requestOf(memory, r))],
    totals: { requests: all.length, attempts, effects, duplicates, lost, indefinite },
    figures: figuresAt(memory.series, memory.now),
    dedup: Object.entries(memory.servers).map(([server, s]) => ({
      server,
      entries: s.dedupEntries,
      persisted: s.persisted,
    })),
    balances: Object.entries(memory.servers).flatMap(([server, s]) =>
      Object.entries(s.accounts).map(([account, a]) => ({
        server,
        account,
        balance: a.balance,
        version: a.version,
      })),
    ),
    history: [...memory.samples],
  };
}
