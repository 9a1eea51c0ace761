/**
 * The RPC family's wire messages and the notes its nodes hand the observer checker.
 *
 * Every attempt of a logical request goes out as a `Call` with a call id
 * `<request id>#<attempt>` (Birrell & Nelson 1984: each call packet carries a call id); the
 * server's `Reply` carries the same call id, so the ledger can point at the request and reply
 * messages of one attempt (the stage finds them by the payload's `call`).
 */
import type { NodeId } from '../../protocol';

/** What a call asks the payment server to do. Amounts and balances are in cents. */
export type RpcOp =
  /** Withdraw (charge) `amount` from `account`: not idempotent, each run charges again. */
  | { readonly kind: 'withdraw'; readonly account: string; readonly amount: number }
  /**
   * Set the balance of `account` to `balance` if its version is `ifVersion` (a conditional
   * write): run twice, the second finds the version moved on and the balance already set.
   */
  | {
      readonly kind: 'set';
      readonly account: string;
      readonly balance: number;
      readonly ifVersion: number;
    };

/** The request body as text (what an idempotency key's body hash is taken over). */
export function bodyOf(op: RpcOp): string {
  return op.kind === 'withdraw'
    ? `withdraw ${op.account} ${op.amount}`
    : `set ${op.account} ${op.balance} if v${op.ifVersion}`;
}

/** One operation in words, e.g. "withdraw 10 from alice" or "set alice to 90 if version 7". */
export function opWords(op: RpcOp): string {
  return op.kind === 'withdraw'
    ? `withdraw ${op.amount} from ${op.account}`
    : `set ${op.account} to ${op.balance} if version ${op.ifVersion}`;
}

/** The call id of attempt `attempt` of request `req`. */
export const callId = (req: string, attempt: number): string => `${req}#${attempt}`;

/** One attempt of a logical request, client → server. */
export interface CallMessage {
  readonly type: 'Call';
  readonly call: string;
  readonly req: string;
  readonly attempt: number;
  /** The idempotency key (null unless the client's semantics is idempotency-key). */
  readonly key: string | null;
  readonly op: RpcOp;
}

/**
 * How the server answered: `ok` (done, or replayed), `error` (definite: not done, e.g. a
 * version conflict or a key reused with another body), `refused` (not run: in flight 409,
 * shed 503 — the client may retry).
 */
export type ReplyStatus = 'ok' | 'error' | 'refused';

/** The server's answer to one attempt, server → client. */
export interface ReplyMessage {
  readonly type: 'Reply';
  readonly call: string;
  readonly req: string;
  readonly attempt: number;
  readonly status: ReplyStatus;
  /** Why, for error and refused: 'conflict', 'mismatch', 'in-flight', 'shed'. */
  readonly reason: string | null;
  /** The answer's body, e.g. "ok: alice 90 (v8)"; a replay returns the stored one verbatim. */
  readonly response: string;
  /** The answer came from the dedup table, not from running the call. */
  readonly replayed: boolean;
  /** The account after the call, as the server knows it (a client learns versions from it). */
  readonly balance: number;
  readonly version: number;
}

/** Every message of the RPC family. */
export type RpcMessage = CallMessage | ReplyMessage;

/**
 * What a node tells the observer checker, as numbered notes (`seq` counts per incarnation).
 * Each node keeps its last few in `observe`, so the checker reads each note once whatever the
 * number of handler calls between its looks.
 */
export type RpcNote =
  // server
  | { readonly seq: number; readonly k: 'arrive'; readonly call: string; readonly t: number }
  | {
      readonly seq: number;
      readonly k: 'admit';
      readonly call: string;
      readonly t: number;
      /** What the dedup table said ('none': the call carried no key). */
      readonly adm: 'execute' | 'replay' | 'in-flight' | 'mismatch' | 'none';
    }
  | { readonly seq: number; readonly k: 'shed'; readonly call: string; readonly t: number }
  | {
      readonly seq: number;
      readonly k: 'effect';
      readonly call: string;
      readonly t: number;
      readonly account: string;
      /** Cents charged (withdraw), or the balance set (conditional write). */
      readonly amount: number;
      /** The ledger's entry number on the server (1, 2, …; kept across crashes). */
      readonly entry: number;
    }
  | {
      readonly seq: number;
      readonly k: 'reply';
      readonly call: string;
      readonly t: number;
      readonly status: ReplyStatus;
      readonly reason: string | null;
      /** An ok that changed nothing: the conditional write found its balance already set. */
      readonly noop: boolean;
    }
  // client
  | {
      readonly seq: number;
      readonly k: 'start';
      readonly req: string;
      readonly t: number;
      readonly key: string | null;
      readonly op: RpcOp;
      readonly server: NodeId;
    }
  | { readonly seq: number; readonly k: 'send'; readonly call: string; readonly t: number }
  | {
      readonly seq: number;
      readonly k: 'outcome';
      readonly call: string;
      readonly t: number;
      /** ok/error/refused from a reply; timeout when none came in time. */
      readonly outcome: 'ok' | 'error' | 'refused' | 'timeout';
      readonly reason: string | null;
      readonly replayed: boolean;
    }
  | { readonly seq: number; readonly k: 'late'; readonly call: string; readonly t: number }
  | {
      readonly seq: number;
      readonly k: 'end';
      readonly req: string;
      readonly t: number;
      readonly result: 'ok' | 'error' | 'indefinite';
      /** Why the client stopped retrying, when it gave up. */
      readonly gaveUp: 'max-attempts' | 'deadline' | 'budget' | null;
    };

/** Notes a node keeps for the checker (it reads them after every handler call). */
export const NOTES_KEPT = 24;

/** Appends a note (numbering it) and keeps the last NOTES_KEPT. */
export function addNote(
  s: { notes: RpcNote[]; noteSeq: number },
  note: RpcNote extends infer N ? (N extends RpcNote ? Omit<N, 'seq'> : never) : never,
): void {
  s.noteSeq++;
  s.notes.push({ ...note, seq: s.noteSeq } as RpcNote);
  if (s.notes.length > NOTES_KEPT) s.notes.splice(0, s.notes.length - NOTES_KEPT);
}

/** Splits a call id back into its request id and attempt. */
export function parseCall(call: string): { req: string; attempt: number } {
  const at = call.lastIndexOf('#');
  return { req: call.slice(0, at), attempt: Number(call.slice(at + 1)) };
}
