/**
 * What L12's steps, goals and golden path share: the cast (four shard servers s1–s4, a spare
 * s5, four clients c1–c4, and in directory mode the directory `dir`), the panels, the preset
 * that starts the clients, and the actions the golden path builds from the run.
 */
import type { NodeId } from '../engine/protocol';
import type { SimAction } from '../engine/sim/actions';
import { DIRECTORY_ID } from '../engine/protocols/sharding/scenarios';
import type { DirectoryEntry } from '../engine/protocols/sharding/summary';
import { shardMap } from './sharding-goals';
import type { GoalContext, Preset } from './types';

export const CONTROLS = ['play', 'step', 'speed'] as const;
/** The shard map (with its figures and the directory table) and the heat map. */
export const PANELS = ['shard-map', 'heat'] as const;
/** With the clients' console, for a range scan by hand. */
export const PANELS_CONSOLE = [...PANELS, 'client'] as const;

export const CLIENTS: readonly NodeId[] = ['c1', 'c2', 'c3', 'c4'];
export const SPARE: NodeId = 's5';
export const DIRECTORY: NodeId = DIRECTORY_ID;
/** The scan step 2 asks for: users 100–199 (the console's From 100, To 200). */
export const SCAN_FROM = 100;
export const SCAN_TO = 200;

/** The clients' workload, started at one virtual instant. */
export const startClients = (): SimAction[] =>
  CLIENTS.map((node) => ({ type: 'protocol', node, action: { id: 'workload-on' } }));

export const START_PRESET: Preset = {
  id: 'start',
  label: 'Start the clients',
  description: 'c1–c4 each start sending reads and writes, one at a time.',
  actions: startClients,
};

/** A client's range scan of keys from…to−1 (the console's Range scan). */
export const scan = (node: NodeId, from: number, to: number): SimAction => ({
  type: 'protocol',
  node,
  action: { id: 'scan', args: { from, to } },
});

/**
 * Move a directory entry to `to`, as the shard map's "Move to" menu does it: the entry's owner
 * runs move-slice over the entry's keys.
 */
export const moveEntry = (
  entry: Pick<DirectoryEntry, 'lo' | 'hi' | 'node'>,
  to: NodeId,
): SimAction => ({
  type: 'protocol',
  node: entry.node,
  action: { id: 'move-slice', args: { from: entry.lo, to: entry.hi, server: to } },
});

/** The directory entry with the most requests in the load window now. */
export function heaviest(ctx: GoalContext): DirectoryEntry {
  const entries = shardMap(ctx)?.directoryEntries ?? [];
  const top = [...entries].sort((a, b) => b.requests - a.requests || a.lo - b.lo)[0];
  if (!top) throw new Error('no directory entries yet');
  return top;
}

/** The spare joins the shards (the map's "Add shard server" button). */
export const addSpare = (): SimAction => ({
  type: 'protocol',
  node: SPARE,
  action: { id: 'add-server' },
});
