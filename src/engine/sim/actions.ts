/**
 * Everything a learner, a lesson or a test can do to a run, as data. Actions are recorded
 * with the step count and virtual time at which they happened, so a run replays exactly
 * from (seed, scenario, actions) — and a shared link is just that list.
 */
import type { LinkConfig } from '../net/link';
import type { NodeId, ProtocolAction } from '../protocol';

export type SimAction =
  | { readonly type: 'crash'; readonly node: NodeId }
  | { readonly type: 'restart'; readonly node: NodeId }
  | { readonly type: 'pause'; readonly node: NodeId }
  | { readonly type: 'resume'; readonly node: NodeId }
  | { readonly type: 'protocol'; readonly node: NodeId; readonly action: ProtocolAction }
  /** Cut from→to; unless oneWay, to→from as well. */
  | { readonly type: 'cut'; readonly from: NodeId; readonly to: NodeId; readonly oneWay: boolean }
  | { readonly type: 'uncut'; readonly from: NodeId; readonly to: NodeId; readonly oneWay: boolean }
  /** Cut every link between different groups (nodes in no group keep their links). */
  | { readonly type: 'partition'; readonly groups: readonly (readonly NodeId[])[] }
  | { readonly type: 'isolate'; readonly node: NodeId }
  | { readonly type: 'heal' }
  | {
      readonly type: 'link';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly config: Partial<LinkConfig>;
    }
  | { readonly type: 'link-defaults'; readonly config: Partial<LinkConfig> }
  | {
      readonly type: 'clock';
      readonly node: NodeId;
      readonly skewMs: number;
      readonly drift: number;
    }
  | { readonly type: 'drop-message'; readonly msg: number }
  | { readonly type: 'duplicate-message'; readonly msg: number }
  | { readonly type: 'delay-message'; readonly msg: number; readonly byMs: number }
  /** Hold mode: arriving messages wait at their destination until delivered by hand. */
  | { readonly type: 'hold-messages'; readonly on: boolean }
  | { readonly type: 'deliver-message'; readonly msg: number }
  /** Crash, and the node's last disk write is lost (an fsync that lied): see disk-faults.ts. */
  | { readonly type: 'crash-lose-writes'; readonly node: NodeId }
  /** Crash (if running), and the last few entries of the node's on-disk log are garbled. */
  | { readonly type: 'corrupt-disk'; readonly node: NodeId };

export type SimActionType = SimAction['type'];

/** An action as recorded: after how many processed events, at what virtual time. */
export interface RecordedAction {
  readonly afterStep: number;
  readonly time: number;
  readonly action: SimAction;
}
