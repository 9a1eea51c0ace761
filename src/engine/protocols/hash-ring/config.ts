/**
 * A node's view of the ring: which servers are members, under which placement scheme and how
 * many virtual nodes, stamped with a version. Membership spreads by gossip (`server.ts`); the
 * newer of two views wins (higher version, ties broken by the origin's id), so every node
 * ends with the same view once gossip has reached it.
 */
import type { NodeId } from '../../protocol';
import { clampVnodes, isPlacementScheme, keyPosition, placer, type Placer } from './placement';
import type { PlacementScheme } from './placement/types';

/** One view of the ring (plain data: messages and observations carry it). */
export interface RingConfig {
  /** Raised by one on every change; the agreed view is the highest. */
  readonly version: number;
  /** The server that made the change ('' for the scenario's first view): breaks version ties. */
  readonly origin: NodeId;
  /** Members in join order (mod N and jump hash index them by position). */
  readonly members: readonly NodeId[];
  readonly scheme: PlacementScheme;
  /** Virtual nodes per server, 1–256. */
  readonly vnodes: number;
  /**
   * How many of each server's own changes this view includes (a version vector of changes:
   * `ring-change.ts`), so a server can tell a view that lost its change to a concurrent one
   * from a view made after it.
   */
  readonly applied: Readonly<Record<NodeId, number>>;
}

/** Whether `a` is newer than `b` (a total order: version, then origin). */
export function isNewer(a: RingConfig, b: RingConfig): boolean {
  return a.version > b.version || (a.version === b.version && a.origin > b.origin);
}

/** Reads a view from untrusted data (a message, an option); null when it is not one. */
export function readConfig(raw: unknown): RingConfig | null {
  const c = raw as Partial<RingConfig> | null;
  if (!c || typeof c !== 'object') return null;
  if (typeof c.version !== 'number' || !Array.isArray(c.members)) return null;
  return {
    version: c.version,
    origin: typeof c.origin === 'string' ? c.origin : '',
    members: c.members.filter((m): m is string => typeof m === 'string'),
    scheme: isPlacementScheme(c.scheme) ? c.scheme : 'ring-vnodes',
    vnodes: clampVnodes(Number(c.vnodes)),
    applied: readApplied(c.applied),
  };
}

function readApplied(raw: unknown): Record<NodeId, number> {
  const out: Record<NodeId, number> = {};
  if (raw && typeof raw === 'object')
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'number') out[k] = v;
  return out;
}

// Compiling a ring of 10 × 256 points takes a millisecond or two; nodes and the checker route
// every request, so compiled views are kept (a pure cache: same view, same placer).
const compiled = new Map<string, Placer>();
const MAX_COMPILED = 32;

/** The compiled placement of a view (cached by its content, not its version). */
export function placerOf(config: RingConfig): Placer {
  const key = `${config.scheme}|${config.vnodes}|${config.members.join(',')}`;
  let p = compiled.get(key);
  if (!p) {
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value ?? '');
    p = placer({ scheme: config.scheme, servers: config.members, vnodes: config.vnodes });
    compiled.set(key, p);
  }
  return p;
}

const positions = new Map<string, number>();

/** A key's ring position (cached: the workload's keys recur). */
export function positionOf(key: string): number {
  let p = positions.get(key);
  if (p === undefined) {
    p = keyPosition(key);
    if (positions.size > 20_000) positions.clear();
    positions.set(key, p);
  }
  return p;
}

/** The servers that hold `key` under `config`: up to `replication`, primary first. */
export function replicasOf(config: RingConfig, key: string, replication: number): NodeId[] {
  return placerOf(config).replicas(positionOf(key), replication);
}

/** The lab's key set: `key-0` … `key-<count − 1>` (key-0 is the hot key). */
export const keyName = (i: number): string => `key-${i}`;
