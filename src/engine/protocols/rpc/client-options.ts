/**
 * The RPC client's options (what the lab's settings become) and their reader: semantics,
 * retry policy, workload. Options arrive from share links, so each field is read defensively.
 */
import type { BackoffKind, RetryPolicy } from './retry/types';
import type { RpcSemantics } from './summary';

/** A client's options, as the scenario builds them from the lab's settings. */
export interface ClientOptions {
  /** The server's node id. */
  readonly server: string;
  readonly semantics: RpcSemantics;
  readonly policy: RetryPolicy;
  /** Logical requests per second the workload starts (Poisson arrivals); 0: none. */
  readonly ratePerSec: number;
  /** What the workload does: withdraw `amount`, or a conditional write. */
  readonly op: 'withdraw' | 'set';
  readonly account: string;
  readonly amount: number;
}

const BACKOFFS: readonly BackoffKind[] = [
  'fixed',
  'exponential',
  'full-jitter',
  'equal-jitter',
  'decorrelated-jitter',
];

/** The retry policy when none is given: capped exponential from 200 ms to 5 s, 4 attempts, 1 s timeout. */
export const DEFAULT_POLICY: RetryPolicy = {
  backoff: 'exponential',
  baseMs: 200,
  capMs: 5_000,
  maxAttempts: 4,
  timeoutMs: 1_000,
  deadlineMs: null,
  budget: null,
};

/** A client's options when none are given: at-least-once, no workload, withdraw 10 from alice. */
export const CLIENT_DEFAULTS: ClientOptions = {
  server: 'server',
  semantics: 'at-least-once',
  policy: DEFAULT_POLICY,
  ratePerSec: 0,
  op: 'withdraw',
  account: 'alice',
  amount: 10,
};

const num = (v: unknown, lo: number, hi: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : fallback;

/** Reads an untrusted retry policy, field by field. */
export function readPolicy(raw: unknown): RetryPolicy {
  const o = (raw ?? {}) as Partial<Record<keyof RetryPolicy, unknown>>;
  const d = DEFAULT_POLICY;
  const b = (o.budget ?? null) as Partial<Record<string, unknown>> | null;
  return {
    backoff: BACKOFFS.find((k) => k === o.backoff) ?? d.backoff,
    baseMs: Math.round(num(o.baseMs, 0, 600_000, d.baseMs)),
    capMs: Math.round(num(o.capMs, 0, 3_600_000, d.capMs)),
    maxAttempts: Math.round(num(o.maxAttempts, 1, 100, d.maxAttempts)),
    timeoutMs: Math.round(num(o.timeoutMs, 1, 600_000, d.timeoutMs)),
    deadlineMs:
      typeof o.deadlineMs === 'number' ? Math.round(num(o.deadlineMs, 1, 3_600_000, 1)) : null,
    budget:
      b && typeof b === 'object'
        ? {
            ratio: num(b.ratio, 0, 100, 0.1),
            windowMs: Math.round(num(b.windowMs, 1, 3_600_000, 10_000)),
            minRetriesPerSec: num(b.minRetriesPerSec, 0, 1000, 0),
          }
        : null,
  };
}

/** Reads untrusted client options (a share link's settings arrive here). */
export function readClientOptions(raw: unknown): ClientOptions {
  const o = (raw ?? {}) as Partial<Record<keyof ClientOptions, unknown>>;
  const d = CLIENT_DEFAULTS;
  const semantics: RpcSemantics =
    o.semantics === 'at-most-once' || o.semantics === 'idempotency-key'
      ? o.semantics
      : 'at-least-once';
  const policy = readPolicy(o.policy);
  return {
    server: typeof o.server === 'string' && o.server !== '' ? o.server : d.server,
    semantics,
    // At-most-once never resends: one attempt, whatever the policy says.
    policy: semantics === 'at-most-once' ? { ...policy, maxAttempts: 1 } : policy,
    ratePerSec: num(o.ratePerSec, 0, 1000, d.ratePerSec),
    op: o.op === 'set' ? 'set' : 'withdraw',
    account: typeof o.account === 'string' && o.account !== '' ? o.account : d.account,
    amount: Math.round(num(o.amount, 1, 1_000_000, d.amount)),
  };
}
