/**
 * Goal vocabulary for L18 (consistent hashing), over the hash-ring family's published
 * summary (`HashRingSummary`: the agreed ring, each server's load, the last change and what
 * it moved, the hit-rate buckets) and its facts (`view`: each server's adopted ring, with its
 * scheme and virtual nodes). Hit-rate figures come from `hit-rate.ts`, the definition the
 * hit-rate chart's sentence uses, so a goal grades what the learner reads.
 */
import type { NodeId } from '../engine/protocol';
import { dipAround, hitRateOver, type HitRateDip } from '../engine/protocols/hash-ring/hit-rate';
import { keyPositionsOf } from '../engine/protocols/hash-ring/observer';
import { movement } from '../engine/protocols/hash-ring/placement';
import type {
  Movement,
  PlacementConfig,
  PlacementScheme,
} from '../engine/protocols/hash-ring/placement/types';
import type { HashRingSummary, RingChange } from '../engine/protocols/hash-ring/summary';
import { num, str } from './goals';
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

/** One crash since the step began, measured as the keys-moved card measures it. */
export interface CrashSeen {
  readonly node: NodeId;
  readonly t: number;
  readonly vnodes: number;
  /** Keys whose primary was the crashed server. */
  readonly moved: number;
  /** Where its keys went, and how many to each. */
  readonly to: Readonly<Record<NodeId, number>>;
}

/** What the trace scan has found so far (the trace only grows while a step watches it). */
interface CrashScan {
  scanned: number;
  agreed: {
    version: number;
    origin: string;
    scheme: PlacementScheme;
    vnodes: number;
    members: NodeId[];
  };
  crashes: CrashSeen[];
}

// Goals are checked every frame: the scan goes on from where it stopped for the same trace
// (a seek back hands the step a new array), and each crash is measured once.
const scans = new WeakMap<readonly unknown[], CrashScan>();
const measured = new Map<string, Movement>();

function crashMovement(before: PlacementConfig, crashed: NodeId, keys: number): Movement {
  const id = `${before.scheme}|${before.vnodes}|${before.servers.join(',')}|${crashed}|${keys}`;
  let m = measured.get(id);
  if (!m) {
    if (measured.size > 32) measured.clear();
    const after = { ...before, servers: before.servers.filter((s) => s !== crashed) };
    m = movement(before, after, keyPositionsOf(keys));
    measured.set(id, m);
  }
  return m;
}

/**
 * Every crash of a ring member since the step began, with what it moved: the newest ring any
 * server had adopted by then (from the `view` facts, or the ring at the step's start) with the
 * crashed server taken out, over the lab's key set — the checker's measure for the card.
 */
export function crashesInStep(ctx: GoalContext): readonly CrashSeen[] {
  const ring = ringOf(ctx);
  const startRing = ringOf({ frame: ctx.start.frame });
  if (!ring || !startRing) return [];
  let scan = scans.get(ctx.trace);
  if (!scan) {
    scan = {
      scanned: 0,
      agreed: {
        version: -1,
        origin: '',
        scheme: startRing.scheme,
        vnodes: startRing.vnodes,
        members: startRing.servers.filter((s) => s.member).map((s) => s.node),
      },
      crashes: [],
    };
    scans.set(ctx.trace, scan);
  }
  for (; scan.scanned < ctx.trace.length; scan.scanned++) {
    const e = ctx.trace[scan.scanned];
    if (!e) continue;
    const a = scan.agreed;
    if (e.k === 'log' && e.fact?.kind === 'view') {
      const f = { fact: e.fact, node: e.node, t: e.t, i: e.i };
      const version = num(f, 'version');
      const origin = str(f, 'origin');
      if (version > a.version || (version === a.version && origin > a.origin)) {
        const members = f.fact.members;
        scan.agreed = {
          version,
          origin,
          scheme: (str(f, 'scheme') || a.scheme) as PlacementScheme,
          vnodes: Number.isFinite(num(f, 'vnodes')) ? num(f, 'vnodes') : a.vnodes,
          members: Array.isArray(members) ? members.map(String) : a.members,
        };
      }
    } else if (e.k === 'crash' && a.members.includes(e.node) && a.members.length > 1) {
      const before = { scheme: a.scheme, servers: a.members, vnodes: a.vnodes };
      const m = crashMovement(before, e.node, ring.keys.count);
      scan.crashes.push({
        node: e.node,
        t: e.t,
        vnodes: a.vnodes,
        moved: m.moved,
        to: m.flows[e.node] ?? {},
      });
    }
  }
  return scan.crashes;
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
