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

/** Rows for every Paxos node in `nodes` (down ones too); `previous` marks what changed. */
export function acceptorRows(
  nodes: readonly FrameNode[],
  previous: readonly AcceptorRow[] = [],
): AcceptorRow[] {
  return nodes
    .filter((n) => n.protocol === 'paxos')
    .map((n) => {
      const v = isPaxosView(n.view) ? n.view : null;
      const row = {
        node: n.id,
        down: v === null,
        roles: v?.roles ?? 'down',
        promised: v?.promised ?? '—',
        accepted: v?.accepted ?? '—',
        learned: v?.learned ?? '—',
      };
      const before = previous.find((p) => p.node === n.id);
      const changed = before
        ? (['promised', 'accepted', 'learned'] as const).filter((k) => before[k] !== row[k])
        : [];
      return { ...row, changed };
    });
}
