/**
 * The Raft client's actions, as data: "Client request" is a menu button; "Send to server"
 * takes arguments, which the lab's console collects with the form these specs describe.
 */
import type { ProtocolActionSpec } from '../../protocol';

export const RAFT_CLIENT_ACTIONS: readonly ProtocolActionSpec[] = [
  {
    id: 'client-request',
    label: 'Client request',
    description: 'Send a read or write to the cluster.',
  },
  {
    id: 'send',
    label: 'Send to server',
    description:
      'Send one put, get or incr to one chosen server; unless told to retry, without retrying elsewhere or following redirects.',
    takesArgs: true,
    args: [
      { name: 'server', label: 'Server', kind: 'node' },
      {
        name: 'op',
        label: 'Operation',
        kind: 'choice',
        submits: true,
        options: [
          { value: 'put', label: 'SET' },
          { value: 'get', label: 'GET' },
          { value: 'incr', label: 'INCR' },
        ],
        default: 'put',
      },
      { name: 'key', label: 'Key', kind: 'text', default: 'x', required: true, size: 4 },
      {
        name: 'value',
        label: 'Value',
        kind: 'text',
        default: '1',
        size: 6,
        onlyWhen: { arg: 'op', is: 'put' },
      },
      {
        name: 'read',
        label: 'Reads',
        kind: 'choice',
        afterButtons: true,
        options: [
          { value: 'log', label: 'through the log (safe, slower)' },
          { value: 'local', label: 'leader answers locally (unsafe)' },
          { value: 'read-index', label: 'ReadIndex: leader checks with a majority' },
          { value: 'lease', label: 'by leader lease (relies on bounded clock drift)' },
        ],
        default: 'log',
        onlyWhen: { arg: 'op', is: 'get' },
      },
      {
        // A retry carries the same request number: the servers' session table applies it once.
        name: 'retry',
        label: 'Retry until answered (same request number)',
        kind: 'flag',
        afterButtons: true,
        on: true,
        off: null,
      },
    ],
  },
];
