/**
 * Paxos's acceptor table: per acceptor, the ballot it promised, the value it accepted and in
 * which ballot, and what it learned — the state that decides what a new proposer must adopt.
 * Cells the last change touched are marked (in words too, for screen readers).
 */
import { memo, useRef } from 'react';
import { useLab } from '../../../state/lab-store';
import { DataTable } from '../DataTable';
import { acceptorRows, type AcceptorRow } from './acceptor-rows';
import { chosenOf, quorumMarks } from './chosen-view';
import { QuorumMarks } from './QuorumMarks';
import './paxos.css';

function Cell({ row, field }: { row: AcceptorRow; field: 'promised' | 'accepted' | 'learned' }) {
  const changed = row.changed.includes(field);
  return (
    <td className={changed ? 'cell-changed' : undefined} data-changed={changed ? 'true' : 'false'}>
      {row.down ? <span className="muted">{row[field]}</span> : row[field]}
      {changed && <span className="visually-hidden"> (just changed)</span>}
    </td>
  );
}

/** The longest forward move, virtual ms, still read as one step of the run. */
const MARK_WINDOW_MS = 500;

export const AcceptorTable = memo(function AcceptorTable() {
  const frame = useLab((s) => s.frame);
  // The quorums give away that a value is chosen: shown once it is, unless a lesson hides it.
  const revealed = useLab((s) => s.panels === null || s.panels.includes('chosen'));
  const previous = useRef<{ time: number; rows: AcceptorRow[]; base: AcceptorRow[] }>({
    time: -1,
    rows: [],
    base: [],
  });
  if (!frame) return null;
  // Compare with the rows of the last different moment, so a re-render at one moment keeps its marks.
  const last = previous.current;
  // Marks say what the last step did: after a seek or a long jump (not a step) nothing is
  // "just" changed, so a jump compares with nothing and marks nothing.
  const base =
    last.time === frame.time
      ? last.base
      : frame.time > last.time && frame.time - last.time <= MARK_WINDOW_MS
        ? last.rows
        : [];
  const rows = acceptorRows(frame.nodes, base);
  if (rows.length === 0) return null;
  if (previous.current.time !== frame.time) previous.current = { time: frame.time, rows, base };
  const chosen = revealed ? chosenOf(frame.checks) : null;
  return (
    <section
      className="panel acceptor-table"
      aria-labelledby="acceptor-table-title"
      data-testid="acceptor-table"
    >
      <h2 id="acceptor-table-title">Acceptors</h2>
      <DataTable
        caption="Each acceptor’s promised ballot, accepted ballot and value, and what it learned"
        captionHidden
        columns={['node', 'promised', 'accepted', 'learned']}
      >
        {rows.map((row) => (
          <tr key={row.node} data-testid={`acceptor-${row.node}`}>
            <th scope="row">
              {row.node} <span className="muted">{row.roles}</span>
              {chosen && <QuorumMarks marks={quorumMarks(chosen, row.node)} />}
            </th>
            <Cell row={row} field="promised" />
            <Cell row={row} field="accepted" />
            <Cell row={row} field="learned" />
          </tr>
        ))}
      </DataTable>
      <p className="muted acceptor-note">
        A ballot reads round.proposer (2.n1: round 2, proposer n1); ballots compare by round, then
        by proposer, so 2.n1 &lt; 2.n2 &lt; 3.n1. A value is chosen once a phase-2 quorum of
        acceptors (a majority, unless Scenario settings set another size) accepted it in one ballot;
        a later proposer learns it from the promises.
      </p>
    </section>
  );
});
