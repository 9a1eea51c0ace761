/**
 * The contract of the placement library: how a key is mapped to the server(s) that own it.
 * Pure functions over plain data, shared by the hash-ring protocol (its nodes route with it),
 * its checker (keys moved, load spread) and its views (the ring, the Placement table).
 *
 * Sources: Karger et al., "Consistent Hashing and Random Trees", STOC 1997 (the ring, and
 * virtual nodes for balance); DeCandia et al., "Dynamo", SOSP 2007 §4.2–4.3 (virtual nodes,
 * a preference list of the next distinct physical servers); Thaler & Ravishankar, "A
 * Name-Based Mapping Scheme for Rendezvous", 1996 (highest random weight); Lamping & Veach,
 * "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014 (jump hash).
 */
import type { NodeId } from '../../../protocol';

/**
 * The schemes the lab's "Placement" selector offers, in its order:
 * - `mod-n`: hash(key) mod N over the servers in order (moves about N/(N+1) of keys on a join);
 * - `ring`: one point per server on a 2^32 ring; a key belongs to the first point clockwise;
 * - `ring-vnodes`: the ring with `vnodes` points per server (Dynamo's virtual nodes);
 * - `rendezvous`: highest random weight: the server with the largest hash(server, key);
 * - `jump`: Lamping–Veach jump hash over bucket numbers 0…N−1 (servers by position: only the
 *   last server can leave without moving other servers' keys, a limit the lab shows).
 */
export type PlacementScheme = 'mod-n' | 'ring' | 'ring-vnodes' | 'rendezvous' | 'jump';

/** Everything a placement depends on (plain data, so a view or a checker can keep it). */
export interface PlacementConfig {
  readonly scheme: PlacementScheme;
  /** The physical servers, in join order (mod N and jump hash index them by position). */
  readonly servers: readonly NodeId[];
  /** Points per server on the ring, 1–256; `ring` uses 1 whatever this says. */
  readonly vnodes: number;
}

/** One arc of the ring: the keys hashing into (start, end] belong to `owner`. */
export interface RingArc {
  /** Ring positions, unsigned 32-bit integers; an arc may wrap past 2^32 − 1 to 0. */
  readonly start: number;
  readonly end: number;
  readonly owner: NodeId;
  /** Which of the owner's virtual nodes this is, 0…vnodes−1. */
  readonly vnode: number;
}

/** What a change of placement did to a key set (`movement(before, after, keys)`). */
export interface Movement {
  readonly keys: number;
  /** Keys whose primary owner changed. */
  readonly moved: number;
  /** moved / keys, 0…1 (0 for no keys). */
  readonly fraction: number;
  /** The ideal for a join or leave of one server: 1 / (servers after a join, or before a leave). */
  readonly ideal: number;
  /** Where moved keys went: from → to → count (a removed server's keys, spread or not). */
  readonly flows: Readonly<Record<NodeId, Readonly<Record<NodeId, number>>>>;
}

/** How evenly a key set spreads over the servers. */
export interface Spread {
  /** Keys per server, every server present (0 when it owns none). */
  readonly perServer: Readonly<Record<NodeId, number>>;
  readonly mean: number;
  readonly max: number;
  /** max / mean: 1 is perfect; the lab's goal is usually under 1.25. */
  readonly maxOverMean: number;
}
