/**
 * The replica table: each replica's value and version per key, side by side. Only the
 * replicas responsible for a key are compared, and those that disagree with the others are
 * marked — divergence made visible. A replica that is not one of a key's homes says so, and
 * a stand-in's copy held for a home replica (sloppy quorum) is shown marked "hinted".
 */
import { memo } from 'react';
import type { KvReplicaView } from '../../../engine/protocols/kv/types';
import type { FrameNode } from '../../../engine/sim/frame';
import { useLab } from '../../../state/lab-store';
import { replicaRows, type ReplicaCell } from './replica-rows';
import './kv.css';

const isReplicaView = (v: unknown): v is KvReplicaView =>
  typeof v === 'object' && v !== null && 'store' in v && 'mode' in v;

/** The replicas of a key-value store in the frame (down ones included, without a view). */
export function kvReplicas(nodes: readonly FrameNode[]): FrameNode[] {
  return nodes.filter(
    (n) =>
      isReplicaView(n.view) ||
      (n.view === null && n.protocol.startsWith('kv-') && n.protocol !== 'kv-client'),
  );
}

function Cell({ cell, keyName }: { cell: ReplicaCell; keyName: string }) {
  const className = [
    cell.differs ? 'cell-differs' : '',
    cell.isHome ? '' : 'cell-away',
    cell.hinted.length ? 'cell-hinted' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const holdsOwn = cell.text !== null && cell.text !== '—';
  return (
    <td
      className={className || undefined}
      data-testid={`replica-${cell.node}-${keyName}`}
      data-home={cell.isHome ? 'true' : 'false'}
      data-hinted={cell.hinted.length ? 'true' : 'false'}
    >
      {cell.isDown ? (
        <span className="muted">down</span>
      ) : cell.isHome || holdsOwn ? (
        cell.text
      ) : cell.hinted.length === 0 ? (
        <span className="muted">not home</span>
      ) : null}
      {cell.version && <span className="muted cell-version"> {cell.version}</span>}
      {cell.hinted.map((h) => (
        <span key={h} className="cell-hint">
          {' '}
          {h} <span className="hint-badge">hinted</span>
        </span>
      ))}
      {cell.differs && <span className="visually-hidden"> (differs from the others)</span>}
      {!cell.isHome && !cell.isDown && (
        <span className="visually-hidden"> (not a home replica of {keyName})</span>
      )}
    </td>
  );
}

export const ReplicaTable = memo(function ReplicaTable() {
  const frame = useLab((s) => s.frame);
  if (!frame) return null;
  const replicas = kvReplicas(frame.nodes);
  if (replicas.length === 0) return null;
  const rows = replicaRows(
    replicas.map((n) => ({ id: n.id, view: isReplicaView(n.view) ? n.view : null })),
  );
  const views = replicas.map((n) => (isReplicaView(n.view) ? n.view : null));
  const placed = rows.some((r) => r.homes.length < replicas.length);
  return (
    <section
      className="panel replica-table"
      aria-labelledby="replicas-title"
      data-testid="replicas"
    >
      <h2 id="replicas-title">Replicas</h2>
      {rows.length === 0 ? (
        <p className="muted">No key written yet.</p>
      ) : (
        <>
          <table>
            <caption className="visually-hidden">Each replica’s value and version per key</caption>
            <thead>
              <tr>
                <th scope="col">key</th>
                {replicas.map((n, i) => (
                  <th scope="col" key={n.id}>
                    {n.id}
                    <span className="muted"> {views[i]?.role ?? 'down'}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.key}
                  data-testid={`replica-row-${row.key}`}
                  data-agreed={row.agreed ? 'true' : 'false'}
                  data-homes={row.homes.join(' ')}
                >
                  <th scope="row">
                    {row.key}
                    {placed && <span className="muted key-homes"> on {row.homes.join(', ')}</span>}
                  </th>
                  {row.cells.map((cell) => (
                    <Cell key={cell.node} cell={cell} keyName={row.key} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {placed && (
            <p className="muted replica-note">
              Each key lives on its home replicas only; only those are compared. A stand-in’s copy
              held for a home replica that did not answer is marked hinted.
            </p>
          )}
        </>
      )}
    </section>
  );
});
