/**
 * What the RPC family publishes for its views: the side-effect ledger (each logical request,
 * its attempts, each effect applied), the duplicates and losses with their causes, and the
 * figures of the retry policy at work. The family's observer checker builds it from every
 * node's observations and returns it as `CheckerSummary.data` (seeking keeps it exact);
 * `src/views/panels/rpc/` reads only this shape (the `ledger` panel). Add fields at the end;
 * never change the meaning of one.
 *
 * Sources: Birrell & Nelson, "Implementing Remote Procedure Calls", TOCS 1984 (at-most-once
 * with call ids; a timed-out call's outcome is unknown); Stripe, "Idempotent requests"; M.
 * Brooker, "Exponential Backoff And Jitter", 2015; Google SRE book ch. 22 (retry storms,
 * budgets, load shedding).
 */
import type { NodeId } from '../../protocol';

/** The lab's "Semantics" selector. */
export type RpcSemantics = 'at-most-once' | 'at-least-once' | 'idempotency-key';

/**
 * How one attempt ended, as the client saw it. `ok` and `error` are definite; `timeout` is
 * indefinite (the server may have applied it); `refused` is a definite no-effect answer
 * (409 in flight, 422 body mismatch, 429/503 shed); `pending` while it runs.
 */
export type AttemptOutcome =
  | { readonly kind: 'pending' }
  | { readonly kind: 'ok'; readonly replayed: boolean }
  | { readonly kind: 'error'; readonly reason: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'refused'; readonly reason: 'in-flight' | 'mismatch' | 'shed' | 'budget' };

/** One attempt of a logical request (attempt 1 is the first send; later ones are retries). */
export interface RpcAttempt {
  readonly attempt: number;
  /** Virtual times, ms; `endedAt` null while pending. */
  readonly sentAt: number;
  readonly endedAt: number | null;
  readonly outcome: AttemptOutcome;
  /**
   * The request and reply messages, by the call id both carry (`<request id>#<attempt>`, the
   * payload's `call`; messages.ts): `replyMsg` is null unless the client received a reply.
   */
  readonly requestMsg: string;
  readonly replyMsg: string | null;
}

/** A side effect the server applied (a charge), with the attempt that caused it. */
export interface RpcEffect {
  readonly server: NodeId;
  readonly attempt: number;
  /** Virtual time, ms. */
  readonly at: number;
  /** The account and amount charged (cents). */
  readonly account: string;
  readonly amount: number;
}

/**
 * Why a request took effect more than once, or not at all: the links the checker shows. Each
 * id points at something in the trace (a message, an attempt, a crash).
 */
export type RpcCause =
  | { readonly kind: 'retry'; readonly attempt: number }
  | { readonly kind: 'lost-request'; readonly msg: string }
  | { readonly kind: 'lost-reply'; readonly msg: string }
  | { readonly kind: 'slow-server'; readonly attempt: number }
  | { readonly kind: 'crash-before-effect'; readonly node: NodeId; readonly at: number }
  | { readonly kind: 'crash-after-effect'; readonly node: NodeId; readonly at: number }
  /** The dedup table had no entry for the key: never kept (at-least-once), or lost in a crash. */
  | { readonly kind: 'no-dedup-entry'; readonly why: 'not-kept' | 'lost-in-crash' | 'forgotten' }
  | { readonly kind: 'dedup-expired'; readonly expiredAt: number }
  /** The reply was sent in time but reached the client after its timeout (a slow network). */
  | { readonly kind: 'late-reply'; readonly msg: string }
  /** The network delivered the same attempt twice (no retry: a duplicated message). */
  | { readonly kind: 'duplicated-request'; readonly msg: string };

/** One logical request (one call the application made), as the ledger shows it. */
export interface RpcRequest {
  readonly id: string;
  readonly client: NodeId;
  /** The idempotency key (null unless the semantics is idempotency-key). */
  readonly key: string | null;
  readonly account: string;
  readonly amount: number;
  readonly attempts: readonly RpcAttempt[];
  readonly effects: readonly RpcEffect[];
  /**
   * What the caller was told: a definite `ok`/`error`, `indefinite` (gave up after a timeout:
   * it may have happened), or `pending`.
   */
  readonly result: 'pending' | 'ok' | 'error' | 'indefinite';
  /**
   * Effects beyond one (duplicates), or none for a request the caller was told `ok` or left
   * `indefinite` with no attempt still able to run (a loss: a payment meant and never made),
   * with what allowed it.
   */
  readonly anomaly: {
    readonly kind: 'duplicate' | 'lost';
    readonly causes: readonly RpcCause[];
  } | null;
  /** Why the client stopped retrying, when it gave up (a crashed client gives up every request). */
  readonly gaveUp: 'max-attempts' | 'deadline' | 'budget' | 'client-crashed' | null;
  /**
   * The operation: `withdraw` (`amount` is the sum charged) or `set` (`amount` is the new
   * balance, written only if the account is at version `ifVersion`; null for a withdraw).
   */
  readonly op: 'withdraw' | 'set';
  readonly ifVersion: number | null;
}

/** The retry policy's figures, over the last `windowMs` of virtual time. */
export interface RpcFigures {
  readonly windowMs: number;
  /** Logical requests completed ok per second. */
  readonly goodput: number;
  /**
   * Attempts sent over logical requests started in the window (1 = no retries; a storm is
   * > 3; 1 when nothing happened).
   */
  readonly amplification: number;
  /** Latency of completed logical requests (first send to final answer), ms; null if none. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** Fraction of the server's workers busy, 0…1. */
  readonly utilisation: number;
  /** Attempts the server shed (refused under load) in the window. */
  readonly shed: number;
}

/** The whole summary (`CheckerSummary.data` of the RPC observer). */
export interface RpcLedgerSummary {
  readonly semantics: RpcSemantics;
  /**
   * Most recent last: the newest 100 requests, and before them every older one with an
   * anomaly (up to 100), so a long run's summary stays small; `totals` count them all.
   */
  readonly requests: readonly RpcRequest[];
  /** Totals since the run began. */
  readonly totals: {
    readonly requests: number;
    readonly attempts: number;
    readonly effects: number;
    readonly duplicates: number;
    readonly lost: number;
    readonly indefinite: number;
  };
  readonly figures: RpcFigures;
  /** Each server's dedup table size, and whether it is persisted. */
  readonly dedup: readonly {
    readonly server: NodeId;
    readonly entries: number;
    readonly persisted: boolean;
  }[];
  /**
   * Each account's balance (cents) and version as its server last showed them (kept while the
   * server is down: they are on its disk). L15 grades "balance == 90" on these.
   */
  readonly balances: readonly {
    readonly server: NodeId;
    readonly account: string;
    readonly balance: number;
    readonly version: number;
  }[];
  /**
   * The figures over time, oldest first: one sample each `FIGURE_SAMPLE_MS` (figures.ts) of
   * virtual time that saw an event, the last `FIGURE_SAMPLES` of them (a minute), each over the
   * same sliding window as `figures`. The ledger panel charts amplification and goodput from it,
   * so a storm is seen growing and ending.
   */
  readonly history: readonly RpcFigureSample[];
}

/** The figures at one moment (see `RpcLedgerSummary.history`). */
export interface RpcFigureSample {
  /** Virtual time, ms. */
  readonly t: number;
  readonly amplification: number;
  /** Logical requests completed ok per second. */
  readonly goodput: number;
}
