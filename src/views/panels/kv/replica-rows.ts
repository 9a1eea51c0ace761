/**
 * What the replica table shows per key, as plain data: which replicas are responsible for
 * the key, what each holds, whether the responsible ones agree, and the copies stand-ins
 * hold for others (hinted). Only responsible replicas are compared: a replica that is not
 * one of a key's homes is expected not to hold it (leaderless quorums place each key on N
 * of the replicas), and a hinted copy is a stand-in's, held for a home replica.
 */
import type { NodeId } from '../../../engine/protocol';
import type { KvCell, KvReplicaView } from '../../../engine/protocols/kv/types';

/** One replica's cell in a key's row. */
export interface ReplicaCell {
  readonly node: NodeId;
  /** The replica is down (no view): it cannot be compared. */
  readonly isDown: boolean;
  /** One of the replicas responsible for the key. */
  readonly isHome: boolean;
  /** Its own copy, in words ("1", "a | b", "—" when it holds none); null when down. */
  readonly text: string | null;
  readonly version: string | null;
  /** Copies it holds as a stand-in for home replicas, in words ("1 for n2"). */
  readonly hinted: readonly string[];
  /** A home replica whose copy differs from what most live home replicas hold. */
  readonly differs: boolean;
}

export interface ReplicaRow {
  readonly key: string;
  /** The replicas responsible for the key, in ring order (every replica, in most modes). */
  readonly homes: readonly NodeId[];
  /** Every live home replica holds the same copy. */
  readonly agreed: boolean;
  readonly cells: readonly ReplicaCell[];
}

const NONE = '—';

const cellText = (c: KvCell | undefined) =>
  c === undefined ? NONE : c.values.map((v) => (v === null ? 'nil' : v)).join(' | ');

/** The table's rows, one per key any replica holds or holds a hint for, sorted by key. */
export function replicaRows(
  replicas: readonly { readonly id: NodeId; readonly view: KvReplicaView | null }[],
): ReplicaRow[] {
  const keys = new Set<string>();
  for (const { view } of replicas) {
    if (!view) continue;
    for (const k of Object.keys(view.store)) keys.add(k);
    for (const k of Object.keys(view.hinted ?? {})) keys.add(k);
  }
  const all = replicas.map((r) => r.id);
  return [...keys].sort().map((key) => {
    // Every replica that knows the key computes the same homes from it; any one will do.
    const published = replicas.find((r) => r.view?.homes?.[key])?.view?.homes?.[key];
    const homes = published ?? all;
    const texts = replicas.map(({ id, view }) =>
      view && homes.includes(id) ? cellText(view.store[key]) : null,
    );
    const live = texts.filter((t): t is string => t !== null);
    const agreed = live.every((t) => t === live[0]);
    const cells = replicas.map(({ id, view }, i): ReplicaCell => {
      const isHome = homes.includes(id);
      const own = view?.store[key];
      const text = view ? cellText(own) : null;
      const mine = texts[i] ?? null;
      return {
        node: id,
        isDown: view === null,
        isHome,
        text,
        version: own?.version ?? null,
        hinted: (view?.hinted?.[key] ?? []).map((h) => `${cellText(h)} for ${h.for}`),
        differs:
          mine !== null && !agreed && live.filter((t) => t === mine).length <= live.length / 2,
      };
    });
    return { key, homes, agreed, cells };
  });
}
