/**
 * Raft's own inspector panel: the configuration and this server's membership (thesis §4.1–4.2),
 * the log (committed entries solid), the vote, the leader's indexes.
 */
import type { Membership, RaftView } from '../../../engine/protocols/raft/types';
import './raft.css';
import { DataTable } from '../DataTable';
import type { NodePanelProps } from '../types';

/** A membership in words (§4.2: voter, learner catching up, not in cluster, removed). */
const MEMBERSHIP_WORDS: Readonly<Record<Membership, string>> = {
  voter: 'voter',
  learner: 'learner, catching up',
  'not-in-cluster': 'not in cluster',
  removed: 'removed',
};

export default function RaftNodePanel({ view }: NodePanelProps) {
  const v = view as RaftView;
  const peers = v.matchIndex ? Object.keys(v.matchIndex) : [];
  // How the leader sees each follower: a voter, the learner it is catching up, or outside.
  const memberOf = (p: string) =>
    v.config.includes(p) ? 'voter' : p === v.learner ? 'learner' : 'not in cluster';
  return (
    <div className="raft-panel">
      <dl className="facts">
        <dt>configuration</dt>
        <dd data-testid="raft-configuration">
          {v.config.length ? v.config.join(', ') : 'none (waiting to be added)'}
          {v.config.length > 0 && (v.configCommitted ? ' (committed)' : ' (not committed yet)')}
        </dd>
        <dt>membership</dt>
        <dd data-testid="raft-membership">{MEMBERSHIP_WORDS[v.membership]}</dd>
        {v.learner && (
          <>
            <dt>catching up</dt>
            <dd>{v.learner}</dd>
          </>
        )}
        <dt>term</dt>
        <dd>{v.term}</dd>
        <dt>voted for</dt>
        <dd>{v.votedFor ?? '—'}</dd>
        <dt>leader</dt>
        <dd>{v.leaderId ?? 'unknown'}</dd>
        <dt>commitIndex</dt>
        <dd>{v.commitIndex}</dd>
        <dt>lastApplied</dt>
        <dd>{v.lastApplied}</dd>
        <dt>election timeout</dt>
        <dd>
          {v.electionTimeoutMs[0]}–{v.electionTimeoutMs[1]} ms
        </dd>
      </dl>
      <DataTable
        className="raft-log"
        label="Log"
        caption={`Log ${v.log.length === 50 ? '(last 50 entries)' : ''}`}
        columns={['index', 'term', 'command', 'state']}
        empty="empty"
      >
        {v.log.map((e) => (
          <tr key={e.index} className={e.committed ? 'entry-committed' : 'entry-tentative'}>
            <td>{e.index}</td>
            <td>{e.term}</td>
            <td>{e.command}</td>
            <td>{e.committed ? 'committed' : 'not committed'}</td>
          </tr>
        ))}
      </DataTable>
      {v.matchIndex && v.nextIndex && (
        <DataTable
          className="raft-indexes"
          label="Replication progress"
          caption="Replication (leader)"
          columns={['follower', 'nextIndex', 'matchIndex', 'membership']}
        >
          {peers.map((p) => (
            <tr key={p}>
              <td>{p}</td>
              <td>{v.nextIndex?.[p]}</td>
              <td>{v.matchIndex?.[p]}</td>
              <td>{memberOf(p)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p className="raft-state-machine">
        state machine: {Object.keys(v.kv).length ? JSON.stringify(v.kv) : 'empty'}
      </p>
    </div>
  );
}
