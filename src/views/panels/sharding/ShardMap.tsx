/**
 * The shard map (test id `shard-map`): which key range or hash bucket lives where, as a strip
 * of the key space coloured by owner and in words; load per shard as bars with numbers; the
 * directory's state in directory mode; the moves under way; and the figures after the last
 * change (keys moved, max/mean load, the last range query's fan-out, routing failures), the
 * hottest keys, and in directory mode the directory's table, whose entries move by a menu or
 * by dragging one onto a server's row. A lesson hides it by panel 'shard-map'.
 */
import { memo, type ReactNode } from 'react';
import type { ShardMapSummary } from '../../../engine/protocols/sharding/summary';
import { useLab } from '../../../state/lab-store';
import { DataTable } from '../DataTable';
import { DirectoryTable } from './DirectoryTable';
import { useEntryDrop } from './entry-drop';
import {
  directoryWords,
  figureLines,
  holdsWords,
  hotKeyWords,
  isBucketStrip,
  loadWords,
  moveWords,
  ownerClasses,
  partitioningWords,
  shardSummaryOf,
  stripSegments,
  upMembers,
  upSpares,
  windowWords,
} from './shard-map-view';
import './sharding.css';

/** The strip of the key space (or of the hash buckets), each piece in its owner's colour. */
function KeyStrip({ summary }: { summary: ShardMapSummary }) {
  const segments = stripSegments(summary);
  const buckets = isBucketStrip(summary);
  const words = segments.map((s) => `${s.words} on ${s.node}${s.up ? '' : ' (down)'}`).join('; ');
  return (
    <figure className="shard-strip-figure">
      <div
        className="shard-strip"
        role="img"
        aria-label={`${buckets ? 'Hash buckets' : 'Key space'}: ${words || 'nothing placed'}`}
        data-testid="shard-strip"
      >
        {segments.map((s) => (
          <div
            key={`${s.node}-${s.x}`}
            className={`shard-strip-piece ${s.ownerClass}${s.up ? '' : ' is-down'}`}
            style={{ left: `${s.x * 100}%`, width: `${s.width * 100}%` }}
            data-node={s.node}
            title={`${s.words} on ${s.node}`}
          >
            {/* The owner's name where the piece is wide enough to hold it. */}
            {s.width >= 0.06 && <span>{s.node}</span>}
          </div>
        ))}
      </div>
      <figcaption className="shard-strip-scale muted">
        {buckets ? (
          <>
            <span>bucket 0</span>
            <span>
              buckets of hash(key) mod {segments.length}: neighbouring keys land in different
              buckets
            </span>
          </>
        ) : (
          <>
            <span>key 0</span>
            <span>key {(summary.keySpace - 1).toLocaleString('en-US')}</span>
          </>
        )}
      </figcaption>
    </figure>
  );
}

/**
 * Each server's row: what it holds, and its load as a bar with the numbers beside it. In
 * directory mode, with `servers` (the up shard servers), a row takes a dragged directory
 * entry: dropped there, the entry moves to that server.
 */
function LoadTable({
  summary,
  servers,
}: {
  summary: ShardMapSummary;
  servers: readonly string[] | undefined;
}) {
  const colours = ownerClasses(summary.shards);
  const top = Math.max(1, ...summary.shards.map((s) => s.requestsPerSec));
  const drop = useEntryDrop(summary.directoryEntries, servers);
  return (
    <DataTable
      className="shard-load"
      label="Load per shard"
      caption={`Load per shard over the ${windowWords(summary)}`}
      captionHidden
      columns={['server', 'holds', 'load']}
      empty="no shard servers"
    >
      {summary.shards.map((row) => (
        <tr
          key={row.node}
          className={drop.over === row.node ? 'is-drop-target' : undefined}
          {...drop.handlers(row.node)}
          data-testid={`shard-row-${row.node}`}
          data-requests={Math.round(row.requestsPerSec)}
          data-keys={row.keys}
          data-share={row.share.toFixed(3)}
        >
          <th scope="row">
            <span className={`shard-swatch ${colours.get(row.node) ?? ''}`} aria-hidden="true" />
            {row.node}
            {!row.up && <span className="muted"> (down)</span>}
          </th>
          <td className="shard-holds">{holdsWords(row)}</td>
          <td className="shard-load-cell">
            <span className="shard-bar" aria-hidden="true">
              <span
                className={`shard-bar-fill ${colours.get(row.node) ?? ''}`}
                style={{ width: `${(row.requestsPerSec / top) * 100}%` }}
              />
            </span>
            <span className="shard-load-words">{loadWords(row)}</span>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The panel's body for a summary, with `nowMs` the frame's virtual time (moves' time so far). */
export function ShardMapBody({
  summary,
  nowMs,
  servers,
  children,
}: {
  summary: ShardMapSummary;
  nowMs: number;
  /**
   * The shard servers that are up (members and spares): given, the directory's entries can be
   * moved among them (its table, and drops on the load table's rows).
   */
  servers?: readonly string[];
  /** Controls drawn under the map (the rebalancing buttons). */
  children?: ReactNode;
}) {
  const directory = directoryWords(summary);
  const figures = figureLines(summary);
  const hot = hotKeyWords(summary);
  const moves = summary.moves;
  return (
    <>
      <p className="shard-mode">{partitioningWords(summary)}</p>
      <KeyStrip summary={summary} />
      <LoadTable summary={summary} servers={servers} />
      {hot !== null && (
        <p className="shard-hot-keys" data-testid="shard-hot-keys">
          {hot}
        </p>
      )}
      {directory !== null && summary.directory && (
        <p
          className={summary.directory.up ? 'shard-directory' : 'shard-directory is-down'}
          data-testid="shard-directory"
          data-up={summary.directory.up ? 'true' : 'false'}
          data-moved={summary.directory.movedAnswers}
          data-routing-failures={summary.routingFailures}
        >
          {directory}
        </p>
      )}
      {servers !== undefined && summary.directoryEntries && (
        <DirectoryTable summary={summary} servers={servers} />
      )}
      <h3 className="shard-subhead">After the last change</h3>
      {figures.length ? (
        <ul className="shard-figures" data-testid="shard-figures">
          {figures.map((f) => (
            <li key={f.id} data-testid={`shard-figure-${f.id}`}>
              {f.text}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="shard-figures">
          No figures yet: they appear once requests flow and after each change.
        </p>
      )}
      <h3 className="shard-subhead">Data moves</h3>
      {moves.length ? (
        <ol className="shard-moves" data-testid="shard-moves">
          {moves.map((m, i) => (
            <li key={`${m.startedAt}-${i}`} data-phase={m.phase} data-keys={m.keysMoved}>
              {moveWords(m, nowMs)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted" data-testid="shard-moves">
          No data moved yet: add or remove a server, or split a hot range.
        </p>
      )}
      {children}
    </>
  );
}

export const ShardMap = memo(function ShardMap({ children }: { children?: ReactNode }) {
  const checks = useLab((s) => s.frame?.checks);
  const nowMs = useLab((s) => s.frame?.time ?? 0);
  // Joined to a string so the selector's value is equal from frame to frame.
  const servers = useLab((s) =>
    [...upMembers(s.frame?.nodes), ...upSpares(s.frame?.nodes)].join(','),
  );
  const summary = shardSummaryOf(checks);
  if (!summary) return null;
  return (
    <section
      className="panel shard-map"
      aria-labelledby="shard-map-title"
      data-testid="shard-map"
      data-partitioning={summary.partitioning}
      data-workload={summary.workload}
    >
      <h2 id="shard-map-title">Shard map</h2>
      <ShardMapBody summary={summary} nowMs={nowMs} servers={servers ? servers.split(',') : []}>
        {children}
      </ShardMapBody>
    </section>
  );
});
