/**
 * The shard server's rebalancing actions (each a ProtocolActionSpec; the lab's buttons and
 * console draw them), and their arguments read defensively.
 */
import type { Json, NodeId, ProtocolActionSpec } from '../../protocol';

export const SHARD_SERVER_ACTIONS: readonly ProtocolActionSpec[] = [
  {
    id: 'add-server',
    label: 'Add to shards',
    description:
      'This server (a spare) joins the shard map: range takes half the widest range, hash re-deals every key mod N+1, directory takes blocks. The data then moves while clients keep going.',
  },
  {
    id: 'remove-server',
    label: 'Remove from shards',
    description:
      'This server leaves the shard map: its keys move to the others (copy, catch up, cut over) and then it holds none.',
  },
  {
    id: 'split-range',
    label: 'Split range',
    description:
      'Split the range that holds the key "at" into two (range partitioning); the upper part moves to the server "to" (a spare if none is named).',
    takesArgs: true,
    args: [
      { name: 'at', label: 'Split at key', kind: 'number', min: 1, default: null },
      { name: 'to', label: 'Move the upper part to', kind: 'node', noneLabel: 'a spare, if any' },
    ],
  },
  {
    id: 'move-slice',
    label: 'Move slice',
    description:
      'Give the keys from…to−1 (under hash: the buckets from…to−1) to the server "to": copy, catch up, cut over.',
    takesArgs: true,
    args: [
      { name: 'from', label: 'From key', kind: 'number', min: 0, default: null },
      { name: 'to', label: 'To key (not included)', kind: 'number', min: 1, default: null },
      { name: 'target', label: 'Move to server', kind: 'node' },
    ],
  },
];

const intOf = (x: Json | undefined): number | null =>
  typeof x === 'number' && Number.isInteger(x)
    ? x
    : typeof x === 'string' && /^\d+$/.test(x)
      ? Number(x)
      : null;
const nodeOf = (x: Json | undefined): NodeId | null =>
  typeof x === 'string' && x !== '' ? x : null;

/** split-range's arguments, or what is wrong with them. */
export function readSplitArgs(args: Json | undefined): { at: number; to: NodeId | null } | string {
  const a = (args ?? {}) as Record<string, Json>;
  const at = intOf(a.at);
  if (at === null) return 'the split point "at" must be a whole number (a key)';
  return { at, to: nodeOf(a.to) };
}

/** move-slice's arguments, or what is wrong with them. */
export function readMoveArgs(
  args: Json | undefined,
): { lo: number; hi: number; target: NodeId } | string {
  const a = (args ?? {}) as Record<string, Json>;
  const lo = intOf(a.from);
  const hi = intOf(a.to);
  const target = nodeOf(a.target);
  if (lo === null || hi === null) return '"from" and "to" must be whole numbers';
  if (target === null) return 'name the server to move the slice to';
  return { lo, hi, target };
}
