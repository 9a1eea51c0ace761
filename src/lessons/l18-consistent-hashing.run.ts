/**
 * What L18's steps, golden path and sandbox share: the cast (servers n1…n8, the first four in
 * the ring, n5…n8 spares), the controls a step allows, and the ring's actions as the lab's
 * ring controls run them (the newest member makes a change; a spare joins itself).
 */
import type { NodeId } from '../engine/protocol';
import type { SimAction } from '../engine/sim/actions';
import type { PlacementScheme } from '../engine/protocols/hash-ring/placement/types';
import { ringOf } from './ring-goals';
import type { GoalContext, Move } from './types';

export const CONTROLS = ['play', 'step', 'speed'] as const;
/** The ring, the keys-moved card and the hit-rate chart; the scheme table waits for step 2. */
export const PANELS = ['ring', 'moved', 'membership', 'events'] as const;
export const PANELS_SCHEMES = [...PANELS, 'placement'] as const;

/** The ring's own actions (the lab's Add server, Placement and slider run these). */
export const RING = {
  join: 'protocol:join',
  leave: 'protocol:leave',
  vnodes: 'protocol:set-vnodes',
  scheme: 'protocol:set-placement',
} as const;

export const join = (node: NodeId): SimAction => ({
  type: 'protocol',
  node,
  action: { id: 'join' },
});

/** The member that makes a change, as the ring controls pick it: the first one up. */
function asker(ctx: GoalContext): NodeId {
  const ring = ringOf(ctx);
  return ring?.servers.find((s) => s.member && s.up)?.node ?? 'n1';
}

/** A golden move: the first spare that is up joins (the lab's Add server). */
export const addServer: Move = {
  act: (ctx) => join(ringOf(ctx)?.servers.find((s) => !s.member && s.up)?.node ?? 'n5'),
};

/** A golden move: the Placement selector set to `scheme`. */
export const placement = (scheme: PlacementScheme): Move => ({
  act: (ctx) => ({
    type: 'protocol',
    node: asker(ctx),
    action: { id: 'set-placement', args: { scheme } },
  }),
});

/** A golden move: the slider "Virtual nodes per server" let go at `vnodes`. */
export const vnodes = (v: number): Move => ({
  act: (ctx) => ({
    type: 'protocol',
    node: asker(ctx),
    action: { id: 'set-vnodes', args: { vnodes: v } },
  }),
});
