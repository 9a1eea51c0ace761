/**
 * The payment server's options (what the lab's settings become), their reader, and its node
 * actions (faults placed on the next call), as data.
 */
import { RPC_BROKEN_VARIANTS, type RpcBrokenVariant } from './variants';

/** Every account starts with this balance (cents) and version (L15: "withdraw(10) with balance 100", "if version = 7"). */
export const INITIAL_BALANCE = 100;
/** The version every account starts at. */
export const INITIAL_VERSION = 7;

/** The server's options, as the scenario builds them from the lab's settings. */
export interface ServerOptions {
  /** Calls served at once, 1…16. */
  readonly workers: number;
  /** Service time of one call, ms. */
  readonly serviceMs: number;
  /** Refuse (503) a call that finds `queueLimit` calls waiting, instead of queueing it. */
  readonly shedding: boolean;
  readonly queueLimit: number;
  /** The dedup table is written to disk with the ledger (survives a crash). */
  readonly persistDedup: boolean;
  /** How long a completed key is kept, ms. */
  readonly dedupTtlMs: number;
  /** Service time of a call the learner slowed ("Slow down the next call"), ms. */
  readonly slowCallMs: number;
  /** A scheduled slowdown (the retry storm's trigger): calls started in [from, from + for) take `slowFactor` × longer. */
  readonly slowFromMs: number | null;
  readonly slowForMs: number;
  readonly slowFactor: number;
  readonly broken: RpcBrokenVariant | null;
}

/** The server's options when none are given: 2 workers of 100 ms, no shedding, a persisted dedup table kept 60 s. */
export const SERVER_DEFAULTS: ServerOptions = {
  workers: 2,
  serviceMs: 100,
  shedding: false,
  queueLimit: 10,
  persistDedup: true,
  dedupTtlMs: 60_000,
  slowCallMs: 3_000,
  slowFromMs: null,
  slowForMs: 0,
  slowFactor: 1,
  broken: null,
};

const intIn = (v: unknown, lo: number, hi: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? Math.round(v) : fallback;

/** Reads untrusted options (a share link's settings arrive here), falling back field by field. */
export function readServerOptions(raw: unknown): ServerOptions {
  const o = (raw ?? {}) as Partial<Record<keyof ServerOptions, unknown>>;
  const d = SERVER_DEFAULTS;
  const slowFrom = o.slowFromMs;
  return {
    workers: intIn(o.workers, 1, 16, d.workers),
    serviceMs: intIn(o.serviceMs, 1, 60_000, d.serviceMs),
    shedding: o.shedding === true,
    queueLimit: intIn(o.queueLimit, 0, 10_000, d.queueLimit),
    persistDedup: o.persistDedup !== false,
    dedupTtlMs: intIn(o.dedupTtlMs, 1, 86_400_000, d.dedupTtlMs),
    slowCallMs: intIn(o.slowCallMs, 1, 600_000, d.slowCallMs),
    slowFromMs: typeof slowFrom === 'number' ? intIn(slowFrom, 0, 86_400_000, 0) : null,
    slowForMs: intIn(o.slowForMs, 0, 86_400_000, d.slowForMs),
    slowFactor: intIn(o.slowFactor, 1, 1000, d.slowFactor),
    broken: RPC_BROKEN_VARIANTS.find((b) => b.id === o.broken)?.id ?? null,
  };
}

/** The server's node actions: faults placed on the next call. */
export const SERVER_ACTIONS = [
  {
    id: 'slow-next',
    label: 'Slow down the next call',
    description:
      'The next call this server serves takes longer than the client’s timeout: the client gives up waiting, though the charge still happens.',
  },
  {
    id: 'crash-before-effect',
    label: 'Crash before the side effect',
    description:
      'The server crashes while serving its next call, before charging the account: nothing is charged and no reply leaves.',
  },
  {
    id: 'crash-after-effect',
    label: 'Crash after the side effect',
    description:
      'The server crashes right after charging the account for its next call, before the reply leaves: the charge is on disk, the client hears nothing.',
  },
] as const;
