/**
 * Goal vocabulary for L18 (consistent hashing), over the hash-ring family's published
 * summary (`HashRingSummary`: the agreed ring, each server's load, the last change and what
 * it moved, the hit-rate buckets) and its facts (`view`: each server's adopted ring, with its
 * scheme and virtual nodes). Hit-rate figures come from `hit-rate.ts`, the definition the
 * hit-rate chart's sentence uses, so a goal grades what the learner reads.
 */
import type { NodeId } from '../engine/protocol';
import { dipAround, hitRateOver, type HitRateDip } from '../engine/protocols/hash-ring/hit-rate';
import { measureChange } from '../engine/protocols/hash-ring/observer';
import type { PlacementScheme } from '../engine/protocols/hash-ring/placement/types';
import type { HashRingSummary, RingChange } from '../engine/protocols/hash-ring/summary';
import { factsOf, num, str } from './goals';
import type { GoalContext } from './types';

const isObject = (d: unknown): d is Record<string, unknown> =>
  typeof d === 'object' && d !== null && !Array.isArray(d);

/** The hash-ring summary in the frame now (null outside the hash-ring lab). */
export function ringOf(ctx: Pick<GoalContext, 'frame'>): HashRingSummary | null {
  for (const c of ctx.frame.checks) {
    const d = c.summary?.data;
    if (isObject(d) && Array.isArray(d.hitRateSeries) && Array.isArray(d.servers))
      return d as unknown as HashRingSummary;
  }
  return null;
}

/** The last change of the ring if it happened since the step began (and is of `kind`). */
export function changeInStep(ctx: GoalContext, kind?: RingChange['kind']): RingChange | null {
  const c = ringOf(ctx)?.lastChange ?? null;
  if (!c || c.at < ctx.start.time) return null;
  return kind === undefined || c.kind === kind ? c : null;
}

/** The hit rate around the step's last change: before, the lowest since, the drop. */
export function dipOf(ctx: GoalContext, change: RingChange | null): HitRateDip | null {
  const ring = ringOf(ctx);
  return ring && change ? dipAround(ring, change.at) : null;
}

/** A dip is read once this much virtual time has passed since the change (ms). */
export const DIP_SEEN_MS = 2500;

/** The cache counts as warm when it hit at least this share of reads before a change. */
export const WARM = 0.85;

/** Keys per server now: max/mean over the servers that are members and up. */
export function loadSpread(ctx: GoalContext): number {
  const rows = (ringOf(ctx)?.servers ?? []).filter((s) => s.member && s.up);
  const total = rows.reduce((a, r) => a + r.keys, 0);
  if (!rows.length || total === 0) return 1;
  const max = Math.max(...rows.map((r) => r.keys));
  return max / (total / rows.length);
}

/** The member that owns the most keys now (the overloaded one), or null. */
export function mostKeys(ctx: GoalContext): NodeId | null {
  const rows = (ringOf(ctx)?.servers ?? []).filter((s) => s.member && s.up);
  return (
    rows.reduce<(typeof rows)[number] | null>((m, r) => (!m || r.keys > m.keys ? r : m), null)
      ?.node ?? null
  );
}

/** The busiest server by requests per second (last second), with its rate against the mean. */
export function busiest(ctx: GoalContext): { node: NodeId; rps: number; overMean: number } | null {
  const rows = (ringOf(ctx)?.servers ?? []).filter((s) => s.member && s.up);
  const total = rows.reduce((a, r) => a + r.requestsPerSec, 0);
  const top = rows.reduce<(typeof rows)[number] | null>(
    (m, r) => (!m || r.requestsPerSec > m.requestsPerSec ? r : m),
    null,
  );
  if (!top || total === 0) return null;
  return {
    node: top.node,
    rps: top.requestsPerSec,
    overMean: top.requestsPerSec / (total / rows.length),
  };
}

/** The agreed ring's virtual nodes and scheme now. */
export const vnodesNow = (ctx: GoalContext): number => ringOf(ctx)?.vnodes ?? 0;
export const schemeNow = (ctx: GoalContext): PlacementScheme | null => ringOf(ctx)?.scheme ?? null;

/** The servers a change's moved keys went to. */
export function flowTargets(c: RingChange, from?: NodeId): NodeId[] {
  const out = new Set<NodeId>();
  for (const [src, row] of Object.entries(c.movement.flows))
    if (from === undefined || src === from) for (const to of Object.keys(row)) out.add(to);
  return [...out].sort();
}

/** One crash since the step began, measured as the keys-moved card measured it. */
export interface CrashSeen {
  readonly node: NodeId;
  readonly t: number;
  readonly vnodes: number;
  readonly change: RingChange;
  /** Where its keys went, and how many to each. */
  readonly to: Readonly<Record<NodeId, number>>;
}

/**
 * Every crash of a ring member since the step began, with what it moved: the newest ring any
 * server had adopted by then (from the `view` facts, or the ring at the step's start) with the
 * crashed server taken out, measured over the lab's key set (`measureChange`, as the checker
 * measures the card's figures).
 */
export function crashesInStep(ctx: GoalContext): CrashSeen[] {
  const ring = ringOf(ctx);
  const startRing = ringOf({ frame: ctx.start.frame });
  if (!ring || !startRing) return [];
  let agreed = {
    version: -1,
    origin: '',
    scheme: startRing.scheme,
    vnodes: startRing.vnodes,
    members: startRing.servers.filter((s) => s.member).map((s) => s.node),
  };
  const views = factsOf(ctx.trace, 'view');
  const out: CrashSeen[] = [];
  let v = 0;
  for (const e of ctx.trace) {
    while (v < views.length && (views[v]?.i ?? Infinity) <= e.i) {
      const f = views[v++];
      if (!f) break;
      const version = num(f, 'version');
      const origin = str(f, 'origin');
      if (version > agreed.version || (version === agreed.version && origin > agreed.origin)) {
        const members = f.fact.members;
        agreed = {
          version,
          origin,
          scheme: (str(f, 'scheme') || agreed.scheme) as PlacementScheme,
          vnodes: Number.isFinite(num(f, 'vnodes')) ? num(f, 'vnodes') : agreed.vnodes,
          members: Array.isArray(members) ? members.map(String) : agreed.members,
        };
      }
    }
    if (e.k !== 'crash' || !agreed.members.includes(e.node) || agreed.members.length < 2) continue;
    const before = { scheme: agreed.scheme, servers: agreed.members, vnodes: agreed.vnodes };
    const after = { ...before, servers: agreed.members.filter((m) => m !== e.node) };
    const change = measureChange('crash', e.node, e.t, before, after, ring.keys.count);
    out.push({
      node: e.node,
      t: e.t,
      vnodes: agreed.vnodes,
      change,
      to: change.movement.flows[e.node] ?? {},
    });
  }
  return out;
}

/** Hits / reads from `from` (ms) to now, from the hit-rate buckets (null with no reads). */
export function hitRateSince(ctx: GoalContext, from: number): number | null {
  const ring = ringOf(ctx);
  return ring ? hitRateOver(ring, from - (from % 500)) : null;
}

/** A percentage in words, one decimal: "18.3 %" (as the lab's cards show it). */
export const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}\u00a0%`;

/** Hit-rate points, whole: "62 points". */
export const points = (drop: number): string => `${Math.round(drop * 100)} points`;
