/**
 * The sharding family's messages. Keys are integers 0…keySpace−1; values are strings (each
 * write writes a unique value, `c1.7` for client c1's op 7, so a read names the write it saw).
 */
import type { NodeId } from '../../protocol';
import type { Intervals } from './intervals';
import type { Rule } from './rule';

/** One entry of a data move: a snapshot chunk read from the source, or a write replayed. */
export type MoveEntry =
  | { readonly kind: 'start'; readonly keys: Intervals; readonly rule: Rule }
  | { readonly kind: 'chunk'; readonly entries: readonly (readonly [number, string])[] }
  | { readonly kind: 'write'; readonly key: number; readonly value: string };

export type ShardMessage =
  // Client → shard server.
  | { readonly type: 'Get'; readonly op: string; readonly key: number }
  | { readonly type: 'Put'; readonly op: string; readonly key: number; readonly value: string }
  | { readonly type: 'Scan'; readonly op: string; readonly parts: Intervals }
  // Shard server → client. Not ok: `wait` — the key is on its way here, ask again shortly;
  // else "moved": `owner` is where the server's map puts it (its `rule` comes along for
  // clients that route by rule).
  | {
      readonly type: 'Reply';
      readonly op: string;
      readonly ok: boolean;
      readonly value: string | null;
      readonly owner: NodeId | null;
      readonly wait: boolean;
      readonly rule: Rule | null;
    }
  | {
      readonly type: 'ScanReply';
      readonly op: string;
      readonly entries: readonly (readonly [number, string])[];
      /** The parts asked for that this server owns (and so answered for). */
      readonly covered: Intervals;
    }
  // Client → directory, and its answer: the owners of the blocks over [lo, hi).
  | { readonly type: 'Lookup'; readonly op: string; readonly lo: number; readonly hi: number }
  | {
      readonly type: 'Where';
      readonly op: string;
      readonly entries: readonly {
        readonly lo: number;
        readonly hi: number;
        readonly owner: NodeId;
      }[];
    }
  // A new rule, spread by whoever adopts it to every server and the directory, until acked.
  | { readonly type: 'MapUpdate'; readonly rule: Rule }
  | { readonly type: 'MapAck'; readonly version: number; readonly by: NodeId }
  // A data move, source → target: an ordered log (seq from 1; entry 1 is 'start').
  | {
      readonly type: 'MoveItem';
      readonly move: string;
      readonly seq: number;
      readonly entry: MoveEntry;
    }
  | { readonly type: 'MoveAck'; readonly move: string; readonly upTo: number }
  | { readonly type: 'MoveCommit'; readonly move: string; readonly upTo: number }
  | { readonly type: 'MoveDone'; readonly move: string }
  | { readonly type: 'MoveAbort'; readonly move: string };
