/**
 * The quorum view: which replicas the last write and the last read touched, which answered,
 * and where the two sets overlap — the overlap is what W + R > N buys.
 */
import { memo } from 'react';
import type { KvClientView, QuorumTouch } from '../../../engine/protocols/kv/types';
import { useLab } from '../../../state/lab-store';
import { DataTable } from '../DataTable';

const touchOf = (v: unknown, which: 'lastWrite' | 'lastRead'): QuorumTouch | null => {
  const t = (v as Partial<KvClientView> | null)?.[which];
  return t ?? null;
};

export const QuorumView = memo(function QuorumView() {
  const frame = useLab((s) => s.frame);
  const clients = frame?.nodes.filter((n) => n.protocol === 'kv-client') ?? [];
  const touches = clients.flatMap((c) => [
    touchOf(c.view, 'lastWrite'),
    touchOf(c.view, 'lastRead'),
  ]);
  const write = touches
    .filter((t): t is QuorumTouch => t?.op === 'write')
    .sort((a, b) => b.at - a.at)[0];
  const read = touches
    .filter((t): t is QuorumTouch => t?.op === 'read')
    .sort((a, b) => b.at - a.at)[0];
  if (!write && !read) return null;
  const replicas = [...new Set([...(write?.asked ?? []), ...(read?.asked ?? [])])].sort();
  const overlap = replicas.filter((r) => write?.answered.includes(r) && read?.answered.includes(r));
  const mark = (t: QuorumTouch | undefined, r: string) =>
    !t ? '' : t.answered.includes(r) ? '● answered' : t.asked.includes(r) ? '○ no answer' : '';
  return (
    <section className="panel quorum-view" aria-labelledby="quorum-title" data-testid="quorum">
      <h2 id="quorum-title">Quorums</h2>
      <DataTable
        caption="Replicas touched by the last write and read"
        captionHidden
        columns={[
          'replica',
          write ? `write ${write.key} (needs ${write.needed})` : 'write',
          read ? `read ${read.key} (needs ${read.needed})` : 'read',
        ]}
      >
        {replicas.map((r) => (
          <tr key={r} className={overlap.includes(r) ? 'quorum-overlap' : undefined}>
            <th scope="row">{r}</th>
            <td>{mark(write, r)}</td>
            <td>{mark(read, r)}</td>
          </tr>
        ))}
      </DataTable>
      {write && read && (
        <p data-testid="quorum-overlap" role="status">
          {overlap.length
            ? `Overlap: ${overlap.join(', ')} — the read heard from a replica the write reached.`
            : 'No overlap: the read heard from no replica the write reached, so it can miss the write.'}
        </p>
      )}
    </section>
  );
});
