/**
 * Multi-Paxos's slot log: every server's log side by side, one column per slot, each cell
 * the command the server holds there (a client's command or a leader's no-op) and the ballot
 * it accepted it in, with the slots it knows are chosen marked in words. Holes, adoption by
 * a new leader and catch-up after a restart are seen at once.
 */
import { memo, useMemo } from 'react';
import type { FrameNode } from '../../../engine/sim/frame';
import { useLab } from '../../../state/lab-store';
import { slotCellName, slotLog, slotLogSignature, SLOT_LOG_WIDTH, type SlotLog } from './slot-log';
import './paxos.css';

/** The last frame's table, kept so frames that change nothing here re-render nothing. */
let lastNodes: readonly FrameNode[] | undefined;
let lastLog: SlotLog | null = null;
let lastSignature = '';
function signature(nodes: readonly FrameNode[] | undefined): string {
  if (nodes === lastNodes) return lastSignature;
  lastNodes = nodes;
  lastLog = nodes ? slotLog(nodes) : null;
  lastSignature = lastLog && lastLog.rows.length ? slotLogSignature(lastLog) : '';
  return lastSignature;
}

export const SlotLogPanel = memo(function SlotLogPanel() {
  const sig = useLab((s) => signature(s.frame?.nodes));
  const log = useMemo(() => (sig ? (JSON.parse(sig) as SlotLog) : null), [sig]);
  if (!log) return null;
  return (
    <section className="panel slot-log" aria-labelledby="slot-log-title" data-testid="slot-log">
      <h2 id="slot-log-title">Slot log</h2>
      <p className="muted slot-log-note">
        Each cell: the command a server accepted in that slot and its ballot (round.leader).{' '}
        <strong>chosen</strong> marks a slot the server knows a majority accepted; a new leader
        re-proposes what it was told was accepted and fills holes with no-ops.
      </p>
      {log.hidden > 0 && (
        <p className="muted">
          Showing the latest {SLOT_LOG_WIDTH} slots; {log.hidden} earlier{' '}
          {log.hidden === 1 ? 'slot is' : 'slots are'} left out.
        </p>
      )}
      {log.slots.length === 0 ? (
        <p className="muted">No slots yet: send a command from the client.</p>
      ) : (
        <div className="slot-log-scroll" role="group" aria-label="Slots by server" tabIndex={0}>
          <table>
            <caption className="visually-hidden">
              Each server’s command and ballot per slot, and whether it knows the slot is chosen
            </caption>
            <thead>
              <tr>
                <th scope="col">server</th>
                {log.slots.map((slot) => (
                  <th key={slot} scope="col">
                    slot {slot}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {log.rows.map((row) => (
                <tr key={row.node} data-testid={`slot-log-${row.node}`} data-role={row.role}>
                  <th scope="row">
                    {row.node} <span className="muted">{row.role}</span>
                  </th>
                  {row.cells.map((c) => (
                    <td
                      key={c.slot}
                      className={c.chosen ? 'slot-chosen' : c.value ? 'slot-accepted' : undefined}
                      data-slot={c.slot}
                      data-chosen={c.chosen ? 'true' : 'false'}
                      aria-label={slotCellName(row.node, c)}
                    >
                      {c.value && <span className="slot-value">{c.value}</span>}
                      {c.ballot && <span className="slot-ballot muted">{c.ballot}</span>}
                      {c.chosen && <span className="slot-mark">chosen</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
});
