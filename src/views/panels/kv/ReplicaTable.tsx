/**
 * The replica table: each replica's value and version per key, side by side, with the
 * cells that disagree with the others marked — divergence made visible.
 */
import { memo } from 'react';
import type { KvCell, KvReplicaView } from '../../../engine/protocols/kv/types';
import type { FrameNode } from '../../../engine/sim/frame';
import { useLab } from '../../../state/lab-store';

const isReplicaView = (v: unknown): v is KvReplicaView =>
  typeof v === 'object' && v !== null && 'store' in v && 'mode' in v;

const cellText = (c: KvCell | undefined) =>
  c === undefined ? '—' : c.values.map((v) => (v === null ? 'nil' : v)).join(' | ');

/** The replicas of a key-value store in the frame (down ones included, without a view). */
export function kvReplicas(nodes: readonly FrameNode[]): FrameNode[] {
  return nodes.filter(
    (n) =>
      isReplicaView(n.view) ||
      (n.view === null && n.protocol.startsWith('kv-') && n.protocol !== 'kv-client'),
  );
}

export const ReplicaTable = memo(function ReplicaTable() {
  const frame = useLab((s) => s.frame);
  if (!frame) return null;
  const replicas = kvReplicas(frame.nodes);
  if (replicas.length === 0) return null;
  const views = replicas.map((n) => (isReplicaView(n.view) ? n.view : null));
  const keys = [...new Set(views.flatMap((v) => (v ? Object.keys(v.store) : [])))].sort();
  return (
    <section
      className="panel replica-table"
      aria-labelledby="replicas-title"
      data-testid="replicas"
    >
      <h2 id="replicas-title">Replicas</h2>
      {keys.length === 0 ? (
        <p className="muted">No key written yet.</p>
      ) : (
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
            {keys.map((key) => {
              const texts = views.map((v) => (v ? cellText(v.store[key]) : null));
              const live = texts.filter((t): t is string => t !== null);
              const agreed = live.every((t) => t === live[0]);
              return (
                <tr
                  key={key}
                  data-testid={`replica-row-${key}`}
                  data-agreed={agreed ? 'true' : 'false'}
                >
                  <th scope="row">{key}</th>
                  {views.map((v, i) => {
                    const cell = v?.store[key];
                    const text = texts[i];
                    const differs =
                      text !== null &&
                      !agreed &&
                      live.filter((t) => t === text).length <= live.length / 2;
                    return (
                      <td
                        key={replicas[i]?.id}
                        className={differs ? 'cell-differs' : undefined}
                        data-testid={`replica-${replicas[i]?.id}-${key}`}
                      >
                        {text === null ? <span className="muted">down</span> : text}
                        {cell && <span className="muted cell-version"> {cell.version}</span>}
                        {differs && (
                          <span className="visually-hidden"> (differs from the others)</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
});
