/**
 * The one place the views ask the engine to split a range: the heat map's bands and the
 * rebalancing buttons both come here, so the action's id and arguments are named once.
 * The action is the shard server's `split-range` (sharding/server-actions.ts): `at` the first
 * key of the upper part, which moves to a spare (the engine picks one when `to` is not named).
 */
import { act } from '../../../state/lab-controller';

/** The engine's protocol action that splits a range shard at a key (sharding package). */
export const SPLIT_ACTION_ID = 'split-range';

/**
 * Split the range held by shard server `node` at key `at`: keys ≥ at (to the range's end) move
 * to the spare `to`. Resolves to whether the lab took the action (a lesson may refuse it, with a
 * notice); the server logs why when the split itself cannot be made.
 */
export function requestSplit(node: string, at: number, to: string): Promise<boolean> {
  return act({ type: 'protocol', node, action: { id: SPLIT_ACTION_ID, args: { at, to } } });
}
