/**
 * The inspector's panel for a Multi-Paxos server: its roles, promise, leader, how far it has
 * applied the log, and its key-value store, in words (its slots are in the slot log).
 */
import type { MultiPaxosView } from '../../../engine/protocols/paxos/multi/types';
import type { NodePanelProps } from '../types';

export default function MultiPaxosNodePanel({ view }: NodePanelProps) {
  const v = view as MultiPaxosView;
  const kv = Object.entries(v.kv ?? {});
  return (
    <section aria-label="Multi-Paxos server">
      <dl className="facts">
        <dt>roles</dt>
        <dd>{v.roles}</dd>
        <dt>promised</dt>
        <dd>{v.promised}</dd>
        {v.ballot !== null && (
          <>
            <dt>own ballot</dt>
            <dd>{v.ballot}</dd>
          </>
        )}
        <dt>leader it knows</dt>
        <dd>{v.leader ?? 'none yet'}</dd>
        <dt>slots applied</dt>
        <dd>{v.applied}</dd>
        <dt>store</dt>
        <dd>{kv.length ? kv.map(([k, x]) => `${k}=${x}`).join(', ') : 'empty'}</dd>
      </dl>
    </section>
  );
}
