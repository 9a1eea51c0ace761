/** The inspector's panel for a Paxos node: its roles, and each role's state in words. */
import type { PaxosView } from '../../../engine/protocols/paxos/types';
import type { NodePanelProps } from '../types';

export default function PaxosNodePanel({ view }: NodePanelProps) {
  const v = view as PaxosView;
  return (
    <section aria-label="Paxos node">
      <dl className="facts">
        <dt>roles</dt>
        <dd>{v.roles}</dd>
        <dt>promised</dt>
        <dd>{v.promised}</dd>
        <dt>accepted</dt>
        <dd>{v.accepted}</dd>
        <dt>learned</dt>
        <dd>{v.learned ?? 'nothing yet'}</dd>
        {v.phase !== null && (
          <>
            <dt>ballot</dt>
            <dd>
              {v.ballot} ({v.phase})
            </dd>
            <dt>proposing</dt>
            <dd>{v.proposal ?? '—'}</dd>
            <dt>ballots started</dt>
            <dd>{v.ballotsStarted}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
