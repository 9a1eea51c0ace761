/**
 * The kv client's actions, as data: the node menu shows the two without arguments; a panel's
 * form collects the arguments of 'write' and 'read' (and a lesson or a shared link replays
 * them). Arguments from outside are untrusted: each is read, or refused with a reason.
 */
import type { ArgSpec, Json, NodeId, ProtocolActionSpec } from '../../../protocol';

// The console's form: which client sends, to which replica (its nearest unless chosen), what.
const CLIENT: ArgSpec = { name: 'client', label: 'Client', kind: 'performer' };
const TO: ArgSpec = { name: 'to', label: 'Replica', kind: 'node', noneLabel: 'its nearest' };
const KEY: ArgSpec = { name: 'key', label: 'Key', kind: 'text', default: 'x', required: true };

export const KV_CLIENT_ACTIONS: readonly ProtocolActionSpec[] = [
  {
    id: 'write-random',
    label: 'Client write',
    description: 'Write a fresh value to a random key at this client’s replica.',
  },
  {
    id: 'read-random',
    label: 'Client read',
    description: 'Read a random key at this client’s replica.',
  },
  {
    id: 'workload-off',
    label: 'Stop workload',
    description: 'Stop this client’s automatic reads and writes (it still does what it is asked).',
  },
  {
    id: 'workload-on',
    label: 'Start workload',
    description: 'Start this client’s automatic reads and writes, one every few moments.',
  },
  {
    id: 'write',
    label: 'Write',
    description: 'Write a value to a key, at this client’s replica or a chosen one.',
    takesArgs: true,
    args: [CLIENT, TO, KEY, { name: 'value', label: 'Value', kind: 'text', default: '1' }],
  },
  {
    id: 'read',
    label: 'Read',
    description: 'Read a key, at this client’s replica or a chosen one.',
    takesArgs: true,
    args: [CLIENT, TO, KEY],
  },
];

export interface WriteArgs {
  readonly key: string;
  readonly value: string;
  readonly to?: NodeId;
}
export interface ReadArgs {
  readonly key: string;
  readonly to?: NodeId;
}

/** The 'write' action's arguments, or what is wrong with them. */
export function readWriteArgs(args: Json | undefined): WriteArgs | string {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return 'needs {key, value}';
  const { key, value, to } = args;
  if (typeof key !== 'string' || key === '') return 'needs a key';
  if (typeof value !== 'string') return 'needs a value';
  if (to !== undefined && to !== null && typeof to !== 'string') return 'to must be a replica';
  return typeof to === 'string' && to !== '' ? { key, value, to } : { key, value };
}

/** The 'read' action's arguments, or what is wrong with them. */
export function readReadArgs(args: Json | undefined): ReadArgs | string {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return 'needs {key}';
  const { key, to } = args;
  if (typeof key !== 'string' || key === '') return 'needs a key';
  if (to !== undefined && to !== null && typeof to !== 'string') return 'to must be a replica';
  return typeof to === 'string' && to !== '' ? { key, to } : { key };
}
