/**
 * Every Raft server's log side by side (as RaftScope draws it): a table with one row per
 * server and one column per index, each cell holding its term (coloured by term, the number
 * written so colour is not the only cue), committed entries solid and tentative ones dashed,
 * each server's commit index marked, and the leader's nextIndex/matchIndex on each follower's
 * row. "Appended versus committed" and Log Matching, seen at once.
 */
import { memo, useMemo } from 'react';
import type { FrameNode } from '../../../engine/sim/frame';
import { useLab } from '../../../state/lab-store';
import {
  cellName,
  gridServers,
  logGrid,
  LOG_GRID_WIDTH,
  rowSummary,
  type LogGridCell,
  logGridSignature,
} from './log-grid';
import './log-grid.css';

/** How many term colours the theme has (log-grid.css); terms beyond reuse them in turn. */
const TERM_COLOURS = 8;

/**
 * The grid's signature for the current frame: frames arrive many times a second, but the
 * logs change only when an entry is appended, committed or cut, a server goes down or a
 * leader's indexes move; a string compares by value, so the table is rebuilt and re-rendered
 * only then. The store calls selectors on every change to any of its fields, so the last
 * frame's signature is kept.
 */
function gridSignature(nodes: readonly FrameNode[] | undefined): string {
  if (nodes === lastNodes) return lastSignature;
  lastNodes = nodes;
  lastSignature = nodes ? logGridSignature(gridServers(nodes)) : '';
  return lastSignature;
}
let lastNodes: readonly FrameNode[] | undefined;
let lastSignature = '';

function Cell({ cell }: { cell: LogGridCell }) {
  const className = [
    'log-cell',
    `log-${cell.state}`,
    // Term 1 takes the first colour.
    cell.term === null ? '' : `term-c${(cell.term + TERM_COLOURS - 1) % TERM_COLOURS}`,
    cell.atCommit ? 'at-commit' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <td className={className} aria-label={cellName(cell)}>
      {cell.term ?? ''}
      {(cell.match || cell.next) && (
        <span className="log-marks" aria-hidden="true">
          {cell.match && <span className="log-mark">match</span>}
          {cell.next && <span className="log-mark">next</span>}
        </span>
      )}
    </td>
  );
}

export const LogGrid = memo(function LogGrid() {
  const signature = useLab((s) => gridSignature(s.frame?.nodes));
  const grid = useMemo(() => {
    const nodes = signature ? useLab.getState().frame?.nodes : undefined;
    return nodes ? logGrid(gridServers(nodes)) : null;
  }, [signature]);
  if (!grid || grid.rows.length === 0) return null;
  const indices: number[] = [];
  for (let i = grid.first; i <= grid.last; i++) indices.push(i);
  return (
    <section className="panel log-grid" aria-labelledby="log-grid-title" data-testid="log-grid">
      <h2 id="log-grid-title">Logs</h2>
      <p className="muted log-grid-legend">
        Each cell is an entry and its term. <span className="legend-solid">Solid</span>: committed;{' '}
        <span className="legend-dashed">dashed</span>: appended, not yet committed; a thick right
        edge marks each server’s commit index
        {grid.leader
          ? `; “next” and “match” are leader ${grid.leader}’s nextIndex and matchIndex`
          : ''}
        .
      </p>
      {grid.hidden > 0 && (
        <p className="muted" data-testid="log-grid-narrowed">
          Showing the latest {LOG_GRID_WIDTH} indices; {grid.hidden} earlier{' '}
          {grid.hidden === 1 ? 'index is' : 'indices are'} left out.
        </p>
      )}
      {indices.length === 0 ? (
        <p className="muted">No entries yet: every log is empty.</p>
      ) : (
        // Scrolls sideways inside itself on a narrow window (so it can take focus).
        <div className="log-grid-scroll" role="group" aria-label="Logs by index" tabIndex={0}>
          <table>
            <caption className="visually-hidden">
              Each server’s log by index: term, and whether committed
            </caption>
            <thead>
              <tr>
                <th scope="col">server</th>
                {indices.map((i) => (
                  <th key={i} scope="col">
                    {i}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((row) => (
                <tr key={row.server} className={row.down ? 'log-row-down' : undefined}>
                  <th scope="row" aria-label={`${row.server}, ${rowSummary(row)}`}>
                    {row.server}
                    <span className="log-row-summary">{rowSummary(row)}</span>
                  </th>
                  {row.cells.map((cell) => (
                    <Cell key={cell.index} cell={cell} />
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
