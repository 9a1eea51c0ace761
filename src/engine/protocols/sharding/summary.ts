/**
 * What the sharding family publishes for its views: the shard map, load per shard, a key-space ×
 * time heat map of requests, the data moves in progress and the figures shown after each
 * change. The family's observer checker builds it from every node's observations and returns it
 * as `CheckerSummary.data` (so seeking keeps it exact); `src/views/panels/sharding/` reads only
 * this shape. Add fields at the end; never change the meaning of one.
 *
 * Sources: DeCandia et al., "Dynamo", SOSP 2007 §4.2; Corbett et al., "Spanner", OSDI 2012 §2.1
 * (directories moved between groups while clients keep going); Kleppmann, "Designing
 * Data-Intensive Applications", 2017, ch. 6 (range, hash and directory partitioning,
 * hot spots, rebalancing).
 */
import type { NodeId } from '../../protocol';

/** The lab's "Partitioning" selector. */
export type Partitioning = 'range' | 'hash' | 'directory';

/**
 * The lab's "Workload" selector: uniform keys, a Zipf hot key, monotonically increasing keys,
 * and a celebrity key (one key takes a fixed large share: DDIA ch. 6's celebrity on a social
 * network). Added at the end: 'celebrity'.
 */
export type ShardWorkload = 'uniform' | 'zipf' | 'monotonic' | 'celebrity';

/**
 * A slice of the key space a shard holds. Keys are integers 0…keySpace−1 (user ids,
 * timestamps). `range`: keys lo ≤ k < hi. `bucket`: keys with hash(k) mod buckets = bucket.
 */
export type ShardSlice =
  | { readonly kind: 'range'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'bucket'; readonly bucket: number; readonly buckets: number };

/** One shard server's row in the shard map. */
export interface ShardRow {
  readonly node: NodeId;
  readonly up: boolean;
  /** What the routing map (the directory's, or the rule's) says this server owns. */
  readonly slices: readonly ShardSlice[];
  /** Keys stored on this server now. */
  readonly keys: number;
  /** Requests this server answered per second, averaged over the load window (`loadWindowMs`). */
  readonly requestsPerSec: number;
  /** Share of all requests in that window, 0…1. */
  readonly share: number;
}

/** Requests by key band and time: counts[t][b] is band b (of `bands` equal key ranges) in bucket t. */
export interface HeatMap {
  readonly bands: number;
  /** Width of a time bucket, ms of virtual time. */
  readonly bucketMs: number;
  /** Virtual time of counts[0], ms. */
  readonly start: number;
  readonly counts: readonly (readonly number[])[];
}

/** One data move of a rebalancing (copy, catch up, cut over), in the order it happens. */
export interface ShardMove {
  readonly slice: ShardSlice;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly phase: 'copy' | 'catch-up' | 'cut-over' | 'done' | 'aborted';
  /** Keys and bytes copied so far (bytes: key and value lengths, as the messages carried them). */
  readonly keysMoved: number;
  readonly bytesMoved: number;
  /** Virtual times, ms; `endedAt` null while it runs. */
  readonly startedAt: number;
  readonly endedAt: number | null;
  /**
   * What actually moved: the key ranges (directory blocks, range pieces) or the bucket, in
   * order. `slice` is only their span (a directory move of two blocks spans the keys between).
   */
  readonly pieces: readonly ShardSlice[];
}

/** One of the most requested keys in the load window, and the server that answered it. */
export interface HotKey {
  readonly key: number;
  /** Requests (reads and writes; scans not counted) answered for it in the window. */
  readonly requests: number;
  readonly node: NodeId;
}

/** One entry of the directory's lookup table: a block of keys and where it lives. */
export interface DirectoryEntry {
  /** Keys lo ≤ k < hi. */
  readonly lo: number;
  readonly hi: number;
  readonly node: NodeId;
  /** Requests for its keys answered in the load window (reads and writes). */
  readonly requests: number;
}

/** The figures shown after each change (null until there is one to show). */
export interface ShardFigures {
  /** Fraction of all stored keys whose server changed in the last change, 0…1. */
  readonly keysMovedFraction: number | null;
  /** Max over mean of requests per shard over the load window (1 is even). */
  readonly maxOverMean: number | null;
  /** Shards the last range query touched, and how many there are. */
  readonly lastFanOut: { readonly touched: number; readonly of: number } | null;
}

/** The whole summary (`CheckerSummary.data` of the sharding observer). */
export interface ShardMapSummary {
  readonly partitioning: Partitioning;
  readonly workload: ShardWorkload;
  readonly keySpace: number;
  readonly shards: readonly ShardRow[];
  readonly heat: HeatMap;
  readonly moves: readonly ShardMove[];
  readonly figures: ShardFigures;
  /** Directory mode: the directory node, whether it is up, and requests answered "moved". */
  readonly directory: {
    readonly node: NodeId;
    readonly up: boolean;
    readonly movedAnswers: number;
  } | null;
  /** Client operations that failed because no route could be found (directory down, nothing cached). Added by the engine. */
  readonly routingFailures: number;
  /** Requests servers answered "moved" (a stale map or cache), in all modes. Added by the engine. */
  readonly movedAnswers: number;
  /**
   * Virtual ms of traffic the load figures (req/s, share, max/mean) are taken over: the load
   * window (LOAD_WINDOW_MS), or less while the run is younger than that.
   */
  readonly loadWindowMs: number;
  /** The most requested keys in the load window, hottest first (a few). */
  readonly hotKeys: readonly HotKey[];
  /** Directory mode: the lookup table, block by block in key order; null in the other modes. */
  readonly directoryEntries: readonly DirectoryEntry[] | null;
}
