/** Raft's own inspector panel: the log (committed entries solid), the vote, the leader's indexes. */
import type { RaftView } from '../../../engine/protocols/raft/types';
import './raft.css';
import type { NodePanelProps } from '../types';

export default function RaftNodePanel({ view }: NodePanelProps) {
  const v = view as RaftView;
  const peers = v.matchIndex ? Object.keys(v.matchIndex) : [];
  return (
    <div className="raft-panel">
      <dl className="facts">
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
      <table className="raft-log" aria-label="Log">
        <caption>Log {v.log.length === 50 ? '(last 50 entries)' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">index</th>
            <th scope="col">term</th>
            <th scope="col">command</th>
            <th scope="col">state</th>
          </tr>
        </thead>
        <tbody>
          {v.log.length === 0 && (
            <tr>
              <td colSpan={4}>empty</td>
            </tr>
          )}
          {v.log.map((e) => (
            <tr key={e.index} className={e.committed ? 'entry-committed' : 'entry-tentative'}>
              <td>{e.index}</td>
              <td>{e.term}</td>
              <td>{e.command}</td>
              <td>{e.committed ? 'committed' : 'not committed'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {v.matchIndex && v.nextIndex && (
        <table className="raft-indexes" aria-label="Replication progress">
          <caption>Replication (leader)</caption>
          <thead>
            <tr>
              <th scope="col">follower</th>
              <th scope="col">nextIndex</th>
              <th scope="col">matchIndex</th>
            </tr>
          </thead>
          <tbody>
            {peers.map((p) => (
              <tr key={p}>
                <td>{p}</td>
                <td>{v.nextIndex?.[p]}</td>
                <td>{v.matchIndex?.[p]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="kv">
        state machine: {Object.keys(v.kv).length ? JSON.stringify(v.kv) : 'empty'}
      </p>
    </div>
  );
}
