/**
 * What one operation does to one account (the server's side effect, as a pure function): a
 * withdrawal always charges; a conditional write sets the balance if the account is at the
 * version it names, answers ok without change if the balance already is what it asks (so a
 * retry of an applied write is harmless: CURRICULUM L15 step 4), and is refused otherwise.
 */
import type { ReplyStatus, RpcOp } from './messages';

/** One account: its balance (cents) and version (bumped by every write). */
export interface Account {
  balance: number;
  version: number;
}

/** The outcome of `applyOp`. */
export interface OpResult {
  readonly status: ReplyStatus;
  /** 'conflict' when a conditional write found another version and balance. */
  readonly reason: string | null;
  /** The account changed: a side effect, a line in the ledger. */
  readonly applied: boolean;
  /** An ok that changed nothing (the conditional write found its balance already set). */
  readonly noop: boolean;
  /** The answer's body in words. */
  readonly response: string;
}

/** Applies `op` to `acct` (in place) and says what happened. */
export function applyOp(acct: Account, op: RpcOp): OpResult {
  const ok = (applied: boolean, noop: boolean): OpResult => ({
    status: 'ok',
    reason: null,
    applied,
    noop,
    response: `ok: ${op.account} ${acct.balance} (v${acct.version})${noop ? ', already so' : ''}`,
  });
  if (op.kind === 'withdraw') {
    acct.balance -= op.amount;
    acct.version++;
    return ok(true, false);
  }
  if (acct.version === op.ifVersion) {
    acct.balance = op.balance;
    acct.version++;
    return ok(true, false);
  }
  if (acct.balance === op.balance) return ok(false, true);
  return {
    status: 'error',
    reason: 'conflict',
    applied: false,
    noop: false,
    response: `error: ${op.account} is at version ${acct.version}, not ${op.ifVersion}`,
  };
}
