/**
 * The notes protocol's inspector panel: one node's log in the order it learned the notes,
 * each with the sender's clock and this node's clock, and what came of its pings.
 */
import type { NotesView, PingRecord } from '../../../engine/protocols/notes/notes';
import { DataTable } from '../DataTable';
import type { NodePanelProps } from '../types';

function pingResult(p: Readonly<PingRecord>, timeoutMs: number): string {
  switch (p.outcome) {
    case 'waiting':
      return 'waiting for an answer';
    case 'pong':
      return `answered after ${p.rttMs} ms`;
    case 'timed-out':
      return `no answer within ${timeoutMs} ms: crashed, or just slow?`;
    case 'late-reply':
      return `answered ${p.lateByMs} ms after the timeout: slow, not crashed`;
    default: {
      const never: never = p.outcome;
      return String(never);
    }
  }
}

export default function NotesPanel({ view }: NodePanelProps) {
  const v = view as NotesView;
  const isTrimmed = v.logLength > v.log.length;
  return (
    <div className="notes-panel">
      <dl className="facts">
        <dt>boot</dt>
        <dd>{v.boots}</dd>
        <dt>ping timeout</dt>
        <dd>{v.pingTimeoutMs} ms</dd>
      </dl>
      <DataTable
        label="Notes log"
        caption={`Log, in the order this node learned the notes${isTrimmed ? ` (last ${v.log.length} of ${v.logLength})` : ''}`}
        columns={[
          'note',
          'from',
          'sent at (sender’s clock)',
          'received at (this clock)',
          'received before sent?',
        ]}
        empty="empty"
      >
        {v.log.map((e, i) => {
          const isBeforeSent = e.receivedAtLocal < e.sentAtLocal;
          return (
            <tr key={`${e.id}-${i}`}>
              <th scope="row">{e.id}</th>
              <td>{e.from}</td>
              <td>{e.sentAtLocal} ms</td>
              <td>{e.receivedAtLocal} ms</td>
              <td>
                {isBeforeSent ? (
                  <strong>⚠ yes, {e.sentAtLocal - e.receivedAtLocal} ms before</strong>
                ) : (
                  <span className="muted">no</span>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      <DataTable
        label="Pings"
        caption="Pings, oldest first"
        columns={['ping', 'to', 'sent at (this clock)', 'result']}
        empty="no pings yet"
      >
        {v.pings.map((p) => (
          <tr key={`${p.peer}-${p.seq}`}>
            <td>{p.seq}</td>
            <td>{p.peer}</td>
            <td>{p.sentAtLocal} ms</td>
            <td>{pingResult(p, v.pingTimeoutMs)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
