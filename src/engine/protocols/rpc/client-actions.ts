/**
 * The RPC client's node actions, as data (they become menu items and console forms), and the
 * reader of the hand-made call's untrusted arguments.
 */
import type { Json, ProtocolActionSpec } from '../../protocol';
import type { RpcOp } from './messages';

// The "Call" form: the operation, the account, the amount (or target balance and version), a key.
const CALL_ARGS: ProtocolActionSpec['args'] = [
  {
    name: 'op',
    label: 'Operation',
    kind: 'choice',
    options: [
      { value: 'withdraw', label: 'withdraw' },
      { value: 'set', label: 'set balance if version' },
    ],
    default: 'withdraw',
  },
  { name: 'account', label: 'Account', kind: 'text', default: 'alice', required: true },
  {
    name: 'amount',
    label: 'Amount',
    kind: 'number',
    min: 1,
    max: 1_000_000,
    default: 10,
    onlyWhen: { arg: 'op', is: 'withdraw' },
  },
  {
    name: 'balance',
    label: 'New balance',
    kind: 'number',
    min: -1_000_000,
    max: 1_000_000,
    default: 90,
    onlyWhen: { arg: 'op', is: 'set' },
  },
  {
    name: 'version',
    label: 'If version',
    kind: 'number',
    min: 0,
    max: 1_000_000,
    default: 7,
    onlyWhen: { arg: 'op', is: 'set' },
  },
  { name: 'key', label: 'Idempotency key (empty: a fresh one)', kind: 'text', default: '' },
];

/** The client's node actions. */
export const CLIENT_ACTIONS: readonly ProtocolActionSpec[] = [
  {
    id: 'withdraw',
    label: 'Withdraw 10',
    description:
      'Make one call: withdraw 10 from this client’s account, retried as the semantics says.',
  },
  {
    id: 'call',
    label: 'Call',
    description:
      'Make one call by hand: withdraw an amount, or set a balance if the account is at a version; with idempotency keys, you may name the key (reuse one with another body to see a 422).',
    takesArgs: true,
    args: CALL_ARGS,
  },
  {
    id: 'workload-on',
    label: 'Start workload',
    description: 'Start this client’s automatic calls, at the rate the scenario sets.',
  },
  {
    id: 'workload-off',
    label: 'Stop workload',
    description: 'Stop this client’s automatic calls (it still makes the ones you ask for).',
  },
];

/** The 'call' action's arguments as an operation and key, or what is wrong with them. */
export function readCallArgs(args: Json | undefined): { op: RpcOp; key: string | null } | string {
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    return 'needs {op, account}';
  const account = typeof args.account === 'string' ? args.account.trim() : '';
  if (account === '') return 'needs an account';
  const key = typeof args.key === 'string' && args.key.trim() !== '' ? args.key.trim() : null;
  const int = (v: Json | undefined) => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  if (args.op === 'set') {
    const balance = int(args.balance);
    const version = int(args.version);
    if (balance === null) return 'the new balance must be a whole number';
    if (version === null || version < 0) return 'the version must be a whole number ≥ 0';
    return { op: { kind: 'set', account, balance, ifVersion: version }, key };
  }
  const amount = int(args.amount ?? 10);
  if (amount === null || amount < 1) return 'the amount must be a whole number ≥ 1';
  return { op: { kind: 'withdraw', account, amount }, key };
}
