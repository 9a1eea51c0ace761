/**
 * Which node each of the ring's controls acts on, and the protocol actions they run (the
 * hash-ring server's `join`, `leave`, `set-vnodes`, `set-placement`): "Add server" brings in
 * the first spare that is up; "Remove server" takes out the selected member, or else the last
 * to join; the slider and the selector ask the up member with the newest view, which starts
 * the new view's gossip.
 */
import type { ActionDefinition, ActionTarget } from '../../../engine/actions';
import type { NodeId } from '../../../engine/protocol';
import type { HashRingSummary } from '../../../engine/protocols/hash-ring/summary';
import type { FrameNode } from '../../../engine/sim/frame';

/** The protocol actions' ids (the ring server's `actions`). */
export const RING_ACTIONS = {
  add: 'protocol:join',
  remove: 'protocol:leave',
  vnodes: 'protocol:set-vnodes',
  scheme: 'protocol:set-placement',
} as const;

/** A control's action and target, or why it cannot act (in words). */
export type ControlPlan =
  | { readonly def: ActionDefinition; readonly target: ActionTarget; readonly node: NodeId }
  | { readonly why: string };

const nodeTarget = (node: FrameNode): ActionTarget => ({ kind: 'node', node });

/** The definition of `id` that applies to `node`, if any. */
function defFor(defs: readonly ActionDefinition[], id: string, node: FrameNode) {
  return defs.find((d) => d.id === id && d.appliesToTarget(nodeTarget(node)));
}

function plan(
  defs: readonly ActionDefinition[],
  id: string,
  nodes: readonly FrameNode[],
  candidate: NodeId | undefined,
  none: string,
): ControlPlan {
  const node = nodes.find((n) => n.id === candidate);
  if (!node) return { why: none };
  const def = defFor(defs, id, node);
  if (!def) return { why: 'this lab has no such action' };
  return { def, target: nodeTarget(node), node: node.id };
}

/** What each control acts on now. */
export function controlPlans(
  ring: HashRingSummary,
  defs: readonly ActionDefinition[],
  nodes: readonly FrameNode[],
  selected: NodeId | null,
): { add: ControlPlan; remove: ControlPlan; vnodes: ControlPlan; scheme: ControlPlan } {
  const members = ring.servers.filter((s) => s.member);
  const spare = ring.servers.find((s) => !s.member && s.up)?.node;
  const removable = members.length > 1 ? members : [];
  const leaving =
    removable.find((s) => s.node === selected)?.node ?? removable[removable.length - 1]?.node;
  // Ask the up member with the newest view, so a change builds on the latest ring rather than
  // racing it from a node gossip has not reached yet.
  const version = (node: NodeId) => ring.views.find((v) => v.node === node)?.version ?? 0;
  const asked = members
    .filter((s) => s.up)
    .reduce<NodeId | undefined>(
      (best, s) => (best === undefined || version(s.node) > version(best) ? s.node : best),
      undefined,
    );
  return {
    add: plan(defs, RING_ACTIONS.add, nodes, spare, 'no spare server is left to add'),
    remove: plan(
      defs,
      RING_ACTIONS.remove,
      nodes,
      leaving,
      'the ring would be left without a server',
    ),
    vnodes: plan(defs, RING_ACTIONS.vnodes, nodes, asked, 'no server in the ring is up'),
    scheme: plan(defs, RING_ACTIONS.scheme, nodes, asked, 'no server in the ring is up'),
  };
}
