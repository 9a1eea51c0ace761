/**
 * The one place the views ask the engine to split a range: the heat map's bands and the
 * rebalancing buttons both come here, so the action's id and arguments are named once.
 * TODO(i15-shard): the engine's split action id and argument names, when its branch lands.
 */
import { act } from '../../../state/lab-controller';

/** The engine's protocol action that splits a range shard at a key (sharding package). */
export const SPLIT_ACTION_ID = 'split';

/**
 * Split the range held by shard server `node` at key `at` (keys ≥ at move to a new shard).
 * Resolves to whether the engine accepted the action (a refusal is shown by the lab's notice).
 */
export function requestSplit(node: string, at: number): Promise<boolean> {
  return act({ type: 'protocol', node, action: { id: SPLIT_ACTION_ID, args: { at } } });
}
