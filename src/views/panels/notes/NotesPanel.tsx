/**
 * The notes protocol's inspector panel: one node's log in the order it learned the notes,
 * each with the sender's clock and this node's clock, and what came of its pings.
 */
import type { NotesView, PingRecord } from '../../../engine/protocols/notes/notes';
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
      <table aria-label="Notes log">
        <caption>
          Log, in the order this node learned the notes
          {isTrimmed ? ` (last ${v.log.length} of ${v.logLength})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">note</th>
            <th scope="col">from</th>
            <th scope="col">sent at (sender’s clock)</th>
            <th scope="col">received at (this clock)</th>
            <th scope="col">received before sent?</th>
          </tr>
        </thead>
        <tbody>
          {v.log.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                empty
              </td>
            </tr>
          )}
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
        </tbody>
      </table>
      <table aria-label="Pings">
        <caption>Pings, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">ping</th>
            <th scope="col">to</th>
            <th scope="col">sent at (this clock)</th>
            <th scope="col">result</th>
          </tr>
        </thead>
        <tbody>
          {v.pings.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                no pings yet
              </td>
            </tr>
          )}
          {v.pings.map((p) => (
            <tr key={`${p.peer}-${p.seq}`}>
              <td>{p.seq}</td>
              <td>{p.peer}</td>
              <td>{p.sentAtLocal} ms</td>
              <td>{pingResult(p, v.pingTimeoutMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
