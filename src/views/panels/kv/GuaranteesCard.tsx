/**
 * The guarantees card: what this replication mode promises its clients — linearizability,
 * read your writes, monotonic reads, causal order, convergence — each ticked while its
 * checker finds it holding and crossed once broken, live. A guarantee the mode does not
 * promise may break: that is shown as expected for this mode, with the sentence why.
 */
import { memo } from 'react';
import type { GuaranteePromise } from '../../../engine/protocols/kv/guarantees';
import type { KvClientView } from '../../../engine/protocols/kv/types';
import { useLab } from '../../../state/lab-store';
import './kv.css';

const promisesOf = (v: unknown): readonly GuaranteePromise[] | null =>
  (v as Partial<KvClientView> | null)?.guarantees ?? null;

type Status = 'holds' | 'broken' | 'checking';

export const GuaranteesCard = memo(function GuaranteesCard() {
  const promises = useLab(
    (s) => s.frame?.nodes.map((n) => promisesOf(n.view)).find((p) => p !== null) ?? null,
  );
  const checks = useLab((s) => s.frame?.checks);
  const history = useLab((s) => s.history);
  const judged = useLab((s) => s.historyVerdict);
  if (!promises || !checks) return null;
  const verdict = judged?.history === history ? judged.verdict : null;
  const statusOf = (g: GuaranteePromise): { status: Status; detail: string | null } => {
    const broken = checks.find((c) => g.checks.includes(c.id) && c.violation);
    if (broken?.violation) return { status: 'broken', detail: broken.violation.message };
    if (g.id === 'linearizability') {
      if (verdict === 'not-linearizable')
        return {
          status: 'broken',
          detail: 'the history checker can order the operations no way a single copy would',
        };
      if (verdict === null && history.length > 0) return { status: 'checking', detail: null };
    }
    return { status: 'holds', detail: null };
  };
  return (
    <section
      className="panel guarantees"
      aria-labelledby="guarantees-title"
      data-testid="guarantees"
    >
      <h2 id="guarantees-title">Guarantees of this mode</h2>
      <ul>
        {promises.map((g) => {
          const { status, detail } = statusOf(g);
          const isExpected = status === 'broken' && !g.promised;
          const mark = status === 'broken' ? '✗' : status === 'holds' ? '✓' : '…';
          const said =
            status === 'broken' ? 'broken' : status === 'holds' ? 'holds so far' : 'checking';
          return (
            <li
              key={g.id}
              data-guarantee={g.id}
              data-promised={g.promised ? 'true' : 'false'}
              data-status={status}
              className={`guarantee guarantee-${status}${isExpected ? ' guarantee-expected' : ''}${g.promised ? '' : ' guarantee-unpromised'}`}
            >
              <span aria-hidden="true" className="guarantee-mark">
                {mark}
              </span>{' '}
              <strong>{g.title}</strong>{' '}
              <span className="guarantee-promise">{g.promised ? 'promised' : 'not promised'}</span>
              {' — '}
              <span className="guarantee-status">{said}</span>
              {isExpected && (
                <span className="guarantee-expected-note">, expected for this mode</span>
              )}
              {detail && <div className="guarantee-detail">{detail}</div>}
              <div className="guarantee-why">{g.why}</div>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
