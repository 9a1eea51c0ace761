/** Faults on one node: crash, restart, pause and resume it, isolate it, skew its clock. */
import { hasLogTail } from '../sim/disk-faults';
import type { FrameNode } from '../sim/frame';
import { define } from './types';

const isDown = (n: FrameNode) => n.status === 'crashed' || n.status === 'faulted';

export const NODE_ACTIONS = {
  crash: define({
    id: 'crash',
    title: 'Crash',
    appliesTo: 'node',
    description: 'Stop the node at once: everything it did not persist is lost.',
    keywords: ['kill', 'fail', 'stop'],
    shortcut: { key: 'c', shown: 'C' },
    surfaces: ['node-menu'],
    unavailable: ({ node }) => (isDown(node) ? `${node.id} is already down` : null),
    record: ({ node }) => [{ type: 'crash', node: node.id }],
  }),
  restart: define({
    id: 'restart',
    title: 'Restart',
    appliesTo: 'node',
    description: 'Boot a crashed node again from what it persisted.',
    keywords: ['recover', 'reboot'],
    shortcut: { key: 'r', shown: 'R' },
    surfaces: ['node-menu'],
    unavailable: ({ node }) => (isDown(node) ? null : `${node.id} is not down`),
    record: ({ node }) => [{ type: 'restart', node: node.id }],
  }),
  pause: define({
    id: 'pause',
    title: 'Pause node',
    appliesTo: 'node',
    description: 'Freeze the node (a long GC pause): its messages and timers wait.',
    keywords: ['freeze', 'gc', 'stall'],
    shortcut: { key: 'p', shown: 'P' },
    surfaces: ['node-menu'],
    unavailable: ({ node }) => (node.status === 'up' ? null : `${node.id} is ${node.status}`),
    record: ({ node }) => [{ type: 'pause', node: node.id }],
  }),
  resume: define({
    id: 'resume',
    title: 'Resume node',
    appliesTo: 'node',
    description: 'Let a paused node run again, as if no time had passed for it.',
    keywords: ['unfreeze', 'unpause'],
    shortcut: { key: 'p', shown: 'P' },
    surfaces: ['node-menu'],
    unavailable: ({ node }) => (node.status === 'paused' ? null : `${node.id} is not paused`),
    record: ({ node }) => [{ type: 'resume', node: node.id }],
  }),
  isolate: define({
    id: 'isolate',
    title: 'Isolate',
    appliesTo: 'node',
    description: 'Cut the node from all others, both ways.',
    keywords: ['partition', 'cut off'],
    surfaces: ['node-menu'],
    record: ({ node }) => [{ type: 'isolate', node: node.id }],
  }),
  clock: define({
    id: 'clock',
    title: 'Set clock',
    appliesTo: 'node',
    description: 'Set how far the node’s clock is ahead of (or behind) virtual time.',
    keywords: ['skew', 'time', 'drift'],
    surfaces: ['node-menu'],
    inPalette: false,
    args: [{ name: 'skewMs', label: 'Clock skew (ms)', kind: 'number', unit: 'ms', default: 0 }],
    draft: ({ node }) => ({ skewMs: String(node.skewMs) }),
    record: ({ node }, args) => [
      {
        type: 'clock',
        node: node.id,
        skewMs: typeof args.skewMs === 'number' ? args.skewMs : 0,
        drift: node.drift,
      },
    ],
  }),
  'crash-lose-writes': define({
    id: 'crash-lose-writes',
    title: 'Crash and lose unsynced writes',
    appliesTo: 'node',
    description:
      'Crash the node as if its disk lied about the last fsync: its last write is lost, though the messages sent after it are out.',
    keywords: ['disk', 'fsync', 'power loss', 'torn write', 'kill'],
    surfaces: ['node-menu'],
    unavailable: ({ node }) => (isDown(node) ? `${node.id} is already down` : null),
    record: ({ node }) => [{ type: 'crash-lose-writes', node: node.id }],
  }),
  'corrupt-disk': define({
    id: 'corrupt-disk',
    title: 'Corrupt log tail',
    appliesTo: 'node',
    description:
      'Garble the last few entries of the log on the node’s disk (crashing it if it runs); it finds out when it restarts, if it keeps checksums.',
    keywords: ['disk', 'corruption', 'bit rot', 'checksum'],
    surfaces: ['node-menu'],
    unavailable: ({ node }) =>
      hasLogTail(node.persisted) ? null : `${node.id} has no log on its disk yet`,
    record: ({ node }) => [{ type: 'corrupt-disk', node: node.id }],
  }),
};
