/**
 * The directory's lookup table (directory mode), as an editable table: each entry (a block of
 * keys), the server it lives on, its requests in the load window (the heaviest marked), and a
 * "Move to" menu. An entry can also be dragged onto a server (a chip over the table, or the
 * server's row in the load table); both
 * record the same `move-slice` action (move-action.ts). The menu is the keyboard's way, and
 * names its entry, so a screen reader hears which keys it moves.
 */
import { memo, useState, type DragEvent } from 'react';
import type { DirectoryEntry, ShardMapSummary } from '../../../engine/protocols/sharding/summary';
import { allowsRule } from '../../../state/capabilities';
import { useLab } from '../../../state/lab-store';
import { DataTable } from '../DataTable';
import { useEntryDrop } from './entry-drop';
import { ENTRY_DRAG_TYPE, entryDragData, moverOf, requestMove } from './move-action';
import { heaviestEntry, ownerClasses, rangeWords, windowWords } from './shard-map-view';

export interface DirectoryTableProps {
  readonly summary: ShardMapSummary;
  /** Shard servers that are up (members and spares), in order: where an entry may go. */
  readonly servers: readonly string[];
}

/** The accessible name of an entry's menu: "Move keys 315–377 to". */
export const moveLabel = (e: DirectoryEntry): string => `Move ${rangeWords(e.lo, e.hi)} to`;

function onDragStart(e: DragEvent<HTMLTableRowElement>, entry: DirectoryEntry): void {
  e.dataTransfer.setData(ENTRY_DRAG_TYPE, entryDragData(entry));
  e.dataTransfer.setData('text/plain', rangeWords(entry.lo, entry.hi));
  e.dataTransfer.effectAllowed = 'move';
}

export const DirectoryTable = memo(function DirectoryTable({
  summary,
  servers,
}: DirectoryTableProps) {
  const entries = summary.directoryEntries ?? [];
  const heaviest = heaviestEntry(entries);
  const colours = ownerClasses(summary.shards);
  const drop = useEntryDrop(entries, servers);
  /** The server chosen in each entry's menu (by its first key), until Move is pressed. */
  const [chosen, setChosen] = useState<Readonly<Record<number, string>>>({});
  // A lesson step that does not allow moves shows the menus refused, not acting then refused.
  const movable = useLab((s) => allowsRule(s.allow, 'protocol:move-slice'));
  return (
    <div className="shard-directory-table" data-testid="directory-table">
      <h3 className="shard-subhead">Directory entries</h3>
      <p className="muted">
        Drag an entry onto a server (here, or in the load table above), or choose where it goes and
        press Move.
      </p>
      {/* Drop targets beside the entries, so a drag need not travel up the panel. */}
      <ul className="shard-drop-targets" aria-label="Servers to drop an entry on">
        {servers.map((node) => (
          <li
            key={node}
            className={`shard-drop-target${drop.over === node ? ' is-drop-target' : ''}`}
            data-testid={`drop-${node}`}
            {...drop.handlers(node)}
          >
            <span className={`shard-swatch ${colours.get(node) ?? ''}`} aria-hidden="true" />
            {node}
          </li>
        ))}
      </ul>
      <DataTable
        className="shard-load shard-entries"
        label="Directory entries"
        caption={`The directory's lookup table, with requests per entry (${windowWords(summary)})`}
        captionHidden
        columns={['keys', 'on', 'requests', 'move to']}
        empty="no entries"
      >
        {entries.map((entry) => {
          const isHeaviest = entry === heaviest;
          const mover = moverOf(entry, servers);
          const targets = servers.filter((s) => s !== entry.node);
          return (
            <tr
              key={entry.lo}
              draggable={mover !== null}
              onDragStart={(e) => onDragStart(e, entry)}
              className={isHeaviest ? 'shard-entry is-heaviest' : 'shard-entry'}
              data-testid={`directory-entry-${entry.lo}`}
              data-node={entry.node}
              data-requests={entry.requests}
              data-heaviest={isHeaviest ? 'true' : undefined}
            >
              <th scope="row">
                {rangeWords(entry.lo, entry.hi)}
                {isHeaviest && <strong> (heaviest)</strong>}
              </th>
              <td>
                <span
                  className={`shard-swatch ${colours.get(entry.node) ?? ''}`}
                  aria-hidden="true"
                />
                {entry.node}
              </td>
              <td>{entry.requests.toLocaleString('en-US')}</td>
              <td>
                {/* A choice, then Move: a select that acted on change moved the entry on
                    the first arrow key, through every server on the way to the one meant. */}
                <select
                  aria-label={moveLabel(entry)}
                  value={chosen[entry.lo] ?? ''}
                  disabled={!movable || mover === null || targets.length === 0}
                  onChange={(e) => setChosen((c) => ({ ...c, [entry.lo]: e.target.value }))}
                >
                  <option value="">—</option>
                  {targets.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>{' '}
                <button
                  type="button"
                  aria-label={`${moveLabel(entry)} ${chosen[entry.lo] || 'the server chosen'}`}
                  disabled={!movable || mover === null || !targets.includes(chosen[entry.lo] ?? '')}
                  onClick={() => {
                    const to = chosen[entry.lo];
                    if (to && mover) void requestMove(mover, entry, to);
                    setChosen((c) => ({ ...c, [entry.lo]: '' }));
                  }}
                >
                  Move
                </button>
              </td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
});
