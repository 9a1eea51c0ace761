/**
 * The side-effect ledger (test id `ledger`): each logical request, newest first — client, id,
 * idempotency key, operation, what the caller was told — with its attempts (request → reply or
 * timeout) and each charge applied. Definite outcomes (ok, error, refused) are drawn solid with
 * a mark, indefinite ones (timed out: may have happened) dashed with a "?", and both said in
 * words. A request charged twice (or never) is flagged, and its causes are buttons that select
 * the message or node they name. Reads only the family's summary (`RpcLedgerSummary`).
 */
import { memo, useState } from 'react';
import type { RpcLedgerSummary, RpcRequest } from '../../../engine/protocols/rpc/summary';
import { causeWords } from '../../../engine/protocols/rpc/causes';
import { seekTo } from '../../../state/lab-controller';
import { useLab } from '../../../state/lab-store';
import { followCause, type CauseFocus } from './cause-link';
import {
  anomalyWords,
  attemptCertainty,
  attemptWords,
  balanceLines,
  balanceWords,
  causeTarget,
  countWords,
  ledgerRows,
  ledgerSummaryOf,
  ms,
  operationWords,
  requestCertainty,
  resultWords,
  semanticsWords,
  serverOf,
  totalsWords,
  type LedgerFilter,
} from './ledger-view';
import './rpc.css';

/** Rows shown at first, and added by "Show more". */
const PAGE = 20;

const MARK = { definite: '✓', indefinite: '?', pending: '…' } as const;

export const LedgerPanel = memo(function LedgerPanel() {
  const summary = useLab((s) => ledgerSummaryOf(s.frame?.checks));
  // A restart or reset clears the frame: the body, with its filter and the cause followed, goes
  // with it, so nothing said about the last run outlives it.
  return summary ? <LedgerBody summary={summary} /> : null;
});

function LedgerBody({ summary }: { summary: RpcLedgerSummary }) {
  const [filter, setFilter] = useState<LedgerFilter>('all');
  const [limit, setLimit] = useState(PAGE);
  const [focus, setFocus] = useState<CauseFocus | null>(null);
  const { rows, matching } = ledgerRows(summary.requests, filter, limit);
  return (
    <section
      className="panel rpc-ledger"
      aria-labelledby="ledger-title"
      data-testid="ledger"
      data-semantics={summary.semantics}
      data-duplicates={summary.totals.duplicates}
    >
      <h2 id="ledger-title">Side-effect ledger</h2>
      <p className="ledger-semantics">
        Semantics: <strong>{semanticsWords(summary.semantics)}</strong>. {totalsWords(summary)}
      </p>
      <Balances summary={summary} />
      {summary.requests.length === 0 ? (
        <EmptyLedger />
      ) : (
        <>
          <div className="ledger-tools">
            <label className="settings-check">
              <input
                type="checkbox"
                checked={filter === 'anomalies'}
                onChange={(e) => {
                  setFilter(e.target.checked ? 'anomalies' : 'all');
                  setLimit(PAGE);
                }}
              />
              <span>Only duplicates and losses</span>
            </label>
            <span className="muted" data-testid="ledger-count">
              {countWords(rows.length, matching, summary.totals.requests, filter)}
            </span>
          </div>
          {focus && (
            <p role="status" className="ledger-focus" data-testid="ledger-focus">
              {focus.words}{' '}
              {focus.at !== null && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void seekTo(focus.at ?? 0)}
                >
                  Go to {ms(focus.at)} on the timeline
                </button>
              )}
            </p>
          )}
          <ol className="ledger-rows" aria-label="Requests, newest first">
            {rows.map((r) => (
              <RequestRow key={r.id} r={r} summary={summary} onFocus={setFocus} />
            ))}
          </ol>
          {rows.length < matching && (
            <button type="button" onClick={() => setLimit(limit + PAGE)}>
              Show {Math.min(PAGE, matching - rows.length)} more
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Before any call: how to make one, and how to catch its reply. */
function EmptyLedger() {
  return (
    <div className="ledger-empty">
      <p>
        No calls yet. To make one, open a client’s menu (click c1, or focus it and press Enter) and
        choose “Withdraw 10”, or use its console’s “Call” to choose the operation and key.
      </p>
      <p>
        To lose the reply: press Pause, then Step until the reply is drawn on its way back to the
        client (or turn on Hold messages: each message then waits where it arrives until you deliver
        or drop it). Click the reply, or focus it and press Enter, and choose “Drop”. The client
        times out, not knowing whether it was charged, and — unless the semantics is at-most-once —
        retries.
      </p>
    </div>
  );
}

function Balances({ summary }: { summary: RpcLedgerSummary }) {
  const lines = balanceLines(summary);
  if (lines.length === 0) return null;
  return (
    <ul className="ledger-balances" aria-label="Balances">
      {lines.map((b) => (
        <li
          key={`${b.server}/${b.account}`}
          data-testid={`ledger-balance-${b.account}`}
          className={b.duplicateCharges > 0 ? 'bad' : ''}
        >
          {balanceWords(b)}
        </li>
      ))}
    </ul>
  );
}

function RequestRow({
  r,
  summary,
  onFocus,
}: {
  r: RpcRequest;
  summary: RpcLedgerSummary;
  onFocus: (f: CauseFocus) => void;
}) {
  const certainty = requestCertainty(r);
  const flag = anomalyWords(r);
  const server = serverOf(r, summary);
  return (
    <li
      className={`ledger-row${r.anomaly ? ' ledger-anomaly' : ''}`}
      data-testid={`ledger-row-${r.id}`}
      data-result={r.result}
      data-certainty={certainty}
      data-anomaly={r.anomaly?.kind ?? 'none'}
      data-effects={r.effects.length}
    >
      <div className="ledger-row-head">
        <strong>{r.id}</strong> <span className="muted">from {r.client}</span>
        {r.key !== null && <span className="muted"> · key {r.key}</span>} · {operationWords(r)} ·{' '}
        <span className={`ledger-outcome certainty-${certainty}`}>
          <span aria-hidden="true">{r.result === 'error' ? '✗' : MARK[certainty]}</span>{' '}
          {resultWords(r)}
          {certainty !== 'pending' && <span className="visually-hidden"> ({certainty})</span>}
        </span>
        {flag && (
          <strong className="ledger-flag">
            {' '}
            <span aria-hidden="true">⚠</span> {flag}
          </strong>
        )}
      </div>
      <ol className="ledger-attempts" aria-label={`Attempts of ${r.id}`}>
        {r.attempts.map((a) => (
          <li
            key={a.attempt}
            className={`ledger-attempt certainty-${attemptCertainty(a.outcome)}`}
            data-outcome={a.outcome.kind}
          >
            {attemptWords(a)}
          </li>
        ))}
      </ol>
      <p className="ledger-effects">
        {r.effects.length === 0
          ? r.result === 'pending'
            ? 'Not charged yet.'
            : 'Not charged.'
          : `Charged ${r.effects.length === 1 ? 'once' : `${r.effects.length} times`}: ${r.effects
              .map((e) => `${e.amount} from ${e.account} at ${ms(e.at)} by attempt ${e.attempt}`)
              .join('; ')}.`}
      </p>
      {r.anomaly && r.anomaly.causes.length > 0 && (
        <div className="ledger-causes">
          <span id={`causes-${r.id}`}>
            {r.anomaly.kind === 'duplicate' ? 'Why it was charged again:' : 'Why it was lost:'}
          </span>
          <ul aria-labelledby={`causes-${r.id}`}>
            {r.anomaly.causes.map((c) => {
              const words = causeWords(c);
              return (
                <li key={words}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onFocus(followCause(causeTarget(c, r, server)))}
                  >
                    {words}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </li>
  );
}
