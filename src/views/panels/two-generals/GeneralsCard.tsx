/**
 * The two generals side by side: what each will do at dawn, its knowledge ladder ("A knows
 * that B knows the plan"), what it cannot know, and the chain of messages round by round —
 * messengers sent and the ones that got through. Reads only the family's summary.
 */
import { memo } from 'react';
import { useLab } from '../../../state/lab-store';
import type { TwoGeneralsSummary } from '../../../engine/protocols/two-generals/summary';
import {
  decisionWords,
  doubtOf,
  generalsSummaryOf,
  ladderOf,
  outcomeSentence,
  chargesOf,
  paymentLines,
} from './generals-view';
import './two-generals.css';

/** The last round a general sent: the highest round of the chain it is the sender of. */
function lastSent(s: TwoGeneralsSummary, node: string): number | null {
  const sent = s.chain.filter((r) => r.from === node && r.copiesSent > 0);
  return sent.length ? (sent[sent.length - 1]?.round ?? null) : null;
}

export const GeneralsCard = memo(function GeneralsCard() {
  const summary = useLab((s) => generalsSummaryOf(s.frame?.checks));
  if (!summary || summary.generals.length !== 2) return null;
  if (summary.story === 'payment') return <PaymentCard summary={summary} />;
  const outcome = outcomeSentence(summary);
  return (
    <section
      className="panel generals"
      aria-labelledby="generals-title"
      data-testid="generals"
      data-story="generals"
      data-outcome={outcome === null ? 'pending' : summary.uncoordinated ? 'alone' : 'together'}
    >
      <h2 id="generals-title">The generals</h2>
      <div className="generals-pair">
        {summary.generals.map((g, i) => {
          const other = summary.generals[1 - i]?.node ?? '?';
          const doubt = doubtOf(g, other, lastSent(summary, g.node));
          return (
            <article
              key={g.node}
              className="general"
              data-testid={`general-${g.node}`}
              data-decision={g.decision}
              aria-label={`General ${g.node}`}
            >
              <h3>
                General {g.node}:{' '}
                <span className="general-decision">{decisionWords(g, summary.dawnMs)}</span>
              </h3>
              <ol className="knowledge-ladder" aria-label={`What ${g.node} knows`}>
                {ladderOf(g, other, i === 0).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ol>
              {doubt && <p className="general-doubt">{doubt}</p>}
            </article>
          );
        })}
      </div>
      {outcome && (
        <p
          role="status"
          className={summary.uncoordinated ? 'generals-outcome bad' : 'generals-outcome'}
        >
          {outcome}
        </p>
      )}
      <ChainTable summary={summary} />
    </section>
  );
});

/** The same two messages told as a payment: the payer, the bank, and how often it charged. */
function PaymentCard({ summary }: { summary: TwoGeneralsSummary }) {
  const lines = paymentLines(summary);
  const charges = chargesOf(summary);
  return (
    <section
      className="panel generals"
      aria-labelledby="generals-title"
      data-testid="generals"
      data-story="payment"
      data-charges={charges}
    >
      <h2 id="generals-title">The payment</h2>
      <div className="generals-pair">
        <p data-testid="general-A">{lines.payer}</p>
        <p data-testid="general-B">{lines.bank}</p>
      </div>
      <p role="status" className={charges === 1 ? 'generals-outcome' : 'generals-outcome bad'}>
        {lines.outcome}
      </p>
      <ChainTable summary={summary} />
    </section>
  );
}

function ChainTable({ summary }: { summary: TwoGeneralsSummary }) {
  return (
    <table className="generals-chain">
      <caption>
        The messages, round by round (
        {summary.resend === 'until-ack'
          ? 'resent every 1.5 s until answered'
          : `${summary.messengers} messenger${summary.messengers === 1 ? '' : 's'} per message`}
        )
      </caption>
      <thead>
        <tr>
          <th scope="col">Round</th>
          <th scope="col">From</th>
          <th scope="col">Sent</th>
          <th scope="col">Got through</th>
        </tr>
      </thead>
      <tbody>
        {summary.chain.map((r) => (
          <tr key={r.round} data-testid={`round-${r.round}`}>
            <th scope="row">{r.round}</th>
            <td>{r.from}</td>
            <td>{r.copiesSent}</td>
            <td>
              {r.copiesArrived}
              {r.firstArrivedAt !== null &&
                ` (first at ${Math.round(r.firstArrivedAt).toLocaleString('en-US')} ms)`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
