/**
 * The acceptor table's rows from a frame: per acceptor its promised ballot, its accepted
 * ballot and value, and what it has learned, with the cells that changed since the previous
 * rows marked (what the last step did).
 */
import type { PaxosView } from '../../../engine/protocols/paxos/types';
import type { FrameNode } from '../../../engine/sim/frame';

export interface AcceptorRow {
  readonly node: string;
  readonly down: boolean;
  readonly roles: string;
  readonly promised: string;
  readonly accepted: string;
  readonly learned: string;
  /** Which of promised / accepted / learned differ from the previous rows. */
  readonly changed: readonly ('promised' | 'accepted' | 'learned')[];
}

const isPaxosView = (v: unknown): v is PaxosView =>
  typeof v === 'object' && v !== null && 'promised' in v && 'accepted' in v && 'roles' in v;

/** What a crashed acceptor still has on disk (PaxosPersisted), read defensively. */
interface OnDisk {
  readonly promised: string;
  readonly accepted: string;
}

const ballotWords = (b: unknown): string | null => {
  const x = b as { round?: unknown; by?: unknown } | null;
  return x && typeof x.round === 'number' && typeof x.by === 'string' ? `${x.round}.${x.by}` : null;
};

function onDisk(persisted: unknown): OnDisk {
  const p = (persisted ?? {}) as { promised?: unknown; accepted?: unknown };
  const a = p.accepted as { ballot?: unknown; value?: unknown } | null | undefined;
  const acceptedIn = ballotWords(a?.ballot);
  return {
    promised: `${ballotWords(p.promised) ?? '—'} (on disk)`,
    accepted:
      acceptedIn && typeof a?.value === 'string'
        ? `${a.value} in ${acceptedIn} (on disk)`
        : '— (on disk)',
  };
}

/** Rows for every Paxos node in `nodes` (down ones too); `previous` marks what changed. */
export function acceptorRows(
  nodes: readonly FrameNode[],
  previous: readonly AcceptorRow[] = [],
): AcceptorRow[] {
  return nodes
    .filter((n) => n.protocol === 'paxos')
    .map((n) => {
      const v = isPaxosView(n.view) ? n.view : null;
      // A crashed acceptor's promise and acceptance survive on its disk (that is the point of
      // persisting them); what it learned was in memory and is gone until it hears again.
      const disk = v ? null : onDisk(n.persisted);
      const row = {
        node: n.id,
        down: v === null,
        roles: v?.roles ?? 'down',
        promised: v?.promised ?? disk?.promised ?? '—',
        accepted: v?.accepted ?? disk?.accepted ?? '—',
        learned: v ? (v.learned ?? '—') : 'down',
      };
      const before = previous.find((p) => p.node === n.id);
      const changed = before
        ? (['promised', 'accepted', 'learned'] as const).filter((k) => before[k] !== row[k])
        : [];
      return { ...row, changed };
    });
}
