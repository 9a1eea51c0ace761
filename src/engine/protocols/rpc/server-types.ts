/** The payment server's state, disk, view and observation shapes (server.ts). */
export type { Account } from './accounts';
import type { NodeId, NodeView } from '../../protocol';
import type { Account } from './accounts';
import type { DedupEntry } from './idempotency';
import type { CallMessage, ReplyMessage, RpcNote } from './messages';
import type { ServerOptions } from './server-options';

/** One side effect the server applied: the ledger's line. */
export interface LedgerEntry {
  readonly entry: number;
  readonly call: string;
  readonly req: string;
  readonly attempt: number;
  readonly key: string | null;
  readonly account: string;
  /** Cents withdrawn, or the balance set. */
  readonly amount: number;
  /** Server time, ms. */
  readonly at: number;
}

/** What the server keeps on disk: accounts and ledger always; the dedup table if persisted. */
export interface ServerPersisted {
  readonly accounts: Record<string, Account>;
  readonly ledger: readonly LedgerEntry[];
  readonly table: Record<string, DedupEntry> | null;
}

/** A call taken from the queue by a worker; `reply` is set once its effect step ran. */
export interface Job {
  readonly from: NodeId;
  readonly call: CallMessage;
  reply: ReplyMessage | null;
  noop: boolean;
}

/** The server's volatile state (queue, workers, armed faults); accounts, ledger and maybe the table are also on disk. */
export interface ServerState {
  readonly options: ServerOptions;
  accounts: Record<string, Account>;
  ledger: LedgerEntry[];
  table: Record<string, DedupEntry>;
  queue: Job[];
  /** One slot per worker: the job it serves, or null when idle. */
  workers: (Job | null)[];
  /** Faults armed by the learner for the next call (volatile: a crash disarms them). */
  armed: { slowNext: boolean; crashBefore: boolean; crashAfter: boolean };
  notes: RpcNote[];
  noteSeq: number;
  /** Calls answered, shed and replayed since boot (for the view). */
  answered: number;
  shed: number;
  replayed: number;
}

/** What the lab shows of the server: accounts, workers, queue, ledger and dedup table sizes, armed faults. */
export interface ServerView extends NodeView {
  readonly accounts: Readonly<Record<string, Account>>;
  readonly busy: number;
  readonly workers: number;
  readonly queued: number;
  readonly ledgerEntries: number;
  readonly dedupEntries: number;
  readonly persistDedup: boolean;
  /** What the learner armed for the next call, in words (empty: nothing). */
  readonly armed: readonly string[];
}

/** What the server's `observe` gives the checker (ledger-check.ts). */
export interface ServerSeen {
  readonly role: 'server';
  readonly notes: readonly RpcNote[];
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
  readonly dedupEntries: number;
  readonly persistDedup: boolean;
  readonly dedupTtlMs: number;
  /** Every account the server holds (a handful: one per client). */
  readonly accounts: Readonly<Record<string, Account>>;
}
