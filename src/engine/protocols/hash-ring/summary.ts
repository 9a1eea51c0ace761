/**
 * What the hash-ring family publishes for its views: the ring (arcs and key positions), each
 * server's load and cache hit rate, what the last membership change moved and where, the same
 * change under every placement scheme, load spread against virtual nodes, and each node's own
 * view of the membership while it spreads. The family's observer checker builds it from every
 * node's observations and returns it as `CheckerSummary.data` (seeking keeps it exact);
 * `src/views/panels/hash-ring/` reads only this shape. Add fields at the end; never change the
 * meaning of one.
 *
 * Sources: Karger et al., STOC 1997; DeCandia et al., "Dynamo", SOSP 2007 §4.2–4.3, §4.8.
 */
import type { NodeId } from '../../protocol';
import type { Movement, PlacementScheme, RingArc, Spread } from './placement/types';

/** One server's row: whether it is up and in the ring, what it owns and how it serves. */
export interface RingServerRow {
  readonly node: NodeId;
  readonly up: boolean;
  /** In the agreed membership (a spare not yet added, or a removed server, is not). */
  readonly member: boolean;
  /** Keys of the lab's key set whose primary owner it is. */
  readonly keys: number;
  /** Requests it answered per second over the last second of virtual time. */
  readonly requestsPerSec: number;
  /** Cache hits / reads over the last second, 0…1; null when it served no read. */
  readonly hitRate: number | null;
}

/** The last change of membership or placement, measured over the lab's key set. */
export interface RingChange {
  readonly kind: 'join' | 'leave' | 'crash' | 'vnodes' | 'scheme';
  /** The server that joined, left or crashed (null for a vnodes or scheme change). */
  readonly server: NodeId | null;
  /** Virtual time, ms. */
  readonly at: number;
  readonly movement: Movement;
  readonly before: Spread;
  readonly after: Spread;
  /** The same change run through every scheme, in the Placement selector's order. */
  readonly bySchemes: readonly {
    readonly scheme: PlacementScheme;
    readonly fraction: number;
    readonly maxOverMean: number;
  }[];
}

/** One node's own view of the membership, which spreads over messages (it may lag). */
export interface MembershipView {
  readonly node: NodeId;
  readonly members: readonly NodeId[];
  /** The membership version it has heard of (the agreed one is the highest). */
  readonly version: number;
}

/** The whole summary (`CheckerSummary.data` of the hash-ring observer). */
export interface HashRingSummary {
  readonly scheme: PlacementScheme;
  /** Virtual nodes per server, 1–256. */
  readonly vnodes: number;
  /** Copies of each key, 1–5, on the next distinct physical servers clockwise. */
  readonly replication: number;
  readonly servers: readonly RingServerRow[];
  /** The agreed ring's arcs (empty for mod-n, rendezvous and jump, which have no ring). */
  readonly arcs: readonly RingArc[];
  /** The key set: its size and each key's ring position (unsigned 32-bit), for the dots. */
  readonly keys: { readonly count: number; readonly positions: readonly number[] };
  readonly lastChange: RingChange | null;
  /** max/mean over the current servers for vnodes 1, 2, 4, …, 256 (the spread-vs-vnodes plot). */
  readonly spreadByVnodes: readonly { readonly vnodes: number; readonly maxOverMean: number }[];
  /** Each node's view of the ring; they agree when every up member has the highest version. */
  readonly views: readonly MembershipView[];
  readonly viewsAgree: boolean;
  /** Requests a client sent to a server that (by the agreed ring) does not own the key. */
  readonly misroutes: number;
  /** Cache hit rate of the whole cluster per time bucket (the hit-rate chart). */
  readonly hitRateSeries: readonly { readonly t: number; readonly hitRate: number | null }[];
  /**
   * The same buckets as counts, [bucket start ms, hits, reads] (500 ms each, the last 60 s),
   * so a hit rate over any span (e.g. a whole scale-up) can be read exactly (`hit-rate.ts`).
   */
  readonly hitCounts?: readonly (readonly [number, number, number])[];
}
