/**
 * What the observer checker "Each request takes effect at most once" remembers: every logical
 * request with its attempts, as both ends saw them, and each server's crashes. Built from the
 * notes the nodes hand it (messages.ts `RpcNote`); plain data, so seeking keeps it exact.
 * Times are virtual ms (the observation's), except the `*Local` fields, on the server's clock
 * (what its dedup expiry compares).
 */
import type { NodeId } from '../../protocol';
import type { Series } from './figures';
import type { RpcOp } from './messages';
import type { AttemptOutcome, RpcFigureSample, RpcSemantics } from './summary';

/** One attempt (one call id), from the client's and the server's side. */
export interface CallRec {
  readonly attempt: number;
  sentAt: number | null;
  /** When the client settled it (a reply, or its timeout). */
  endedAt: number | null;
  outcome: AttemptOutcome;
  /** The client received a reply for it (in time, or late). */
  replyReceived: boolean;
  late: boolean;
  arrivedAt: number | null;
  arrivedLocal: number | null;
  /** The server's incarnation when it arrived. */
  arrivedInc: number | null;
  /** What the dedup table said ('none': no key). */
  adm: 'execute' | 'replay' | 'in-flight' | 'mismatch' | 'none' | null;
  shed: boolean;
  effectAt: number | null;
  effectLocal: number | null;
  effectInc: number | null;
  replySentAt: number | null;
  /** The ok the server sent changed nothing (a conditional write already so). */
  noop: boolean;
}

/** One effect: the ledger line as the checker saw it. */
export interface EffectRec {
  readonly server: NodeId;
  readonly attempt: number;
  readonly at: number;
  readonly account: string;
  readonly amount: number;
}

/** One logical request. */
export interface ReqRec {
  readonly id: string;
  readonly client: NodeId;
  readonly server: NodeId;
  readonly key: string | null;
  readonly op: RpcOp;
  readonly startedAt: number;
  endedAt: number | null;
  result: 'pending' | 'ok' | 'error' | 'indefinite';
  gaveUp: 'max-attempts' | 'deadline' | 'budget' | 'client-crashed' | null;
  calls: CallRec[];
  effects: EffectRec[];
  /** A violation was reported for it already. */
  reported: boolean;
}

/** A server as the checker knows it. */
export interface ServerRec {
  inc: number;
  up: boolean;
  workers: number;
  busy: number;
  queued: number;
  dedupEntries: number;
  persisted: boolean;
  ttlMs: number;
  /** Its accounts as it last showed them. */
  accounts: Record<string, { balance: number; version: number }>;
  /** Its crashes: the virtual time and the incarnation that died. */
  crashes: { at: number; inc: number }[];
}

/** The checker's whole memory. */
export interface LedgerMemory {
  semantics: RpcSemantics;
  reqs: Record<string, ReqRec>;
  /** Request ids, oldest first. */
  order: string[];
  /** Per node: the incarnation and last note number read. */
  read: Record<NodeId, { inc: number; seq: number }>;
  roles: Record<NodeId, 'server' | 'client'>;
  servers: Record<NodeId, ServerRec>;
  /** The last observation's time: "now" for the figures. */
  now: number;
  series: Series;
  /** The figures sampled over time (figures.ts `sampleFigures`), for the chart. */
  samples: RpcFigureSample[];
}

/** An attempt not yet seen at either end. */
export const newCall = (attempt: number): CallRec => ({
  attempt,
  sentAt: null,
  endedAt: null,
  outcome: { kind: 'pending' },
  replyReceived: false,
  late: false,
  arrivedAt: null,
  arrivedLocal: null,
  arrivedInc: null,
  adm: null,
  shed: false,
  effectAt: null,
  effectLocal: null,
  effectInc: null,
  replySentAt: null,
  noop: false,
});
