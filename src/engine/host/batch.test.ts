import { describe, expect, it } from 'vitest';
import type { Protocol } from '../protocol';
import { seedState } from '../sim/prng';
import { runBatch } from './batch';
import { bootNode } from './node-runtime';
import type { BatchRequest } from './types';

type M = { type: 'Note'; seen: number };
const scribble: Protocol<{ seen: number[] }, M> = {
  id: 'scribble',
  title: 'Scribble',
  defaultOptions: null,
  actions: [],
  init: () => ({ seen: [] }),
  recover: () => ({ seen: [] }),
  onMessage(state, _from, m) {
    m.seen++; // a handler may change the message it was given: it is its own
    state.seen.push(m.seen);
  },
  onTimer() {},
  onAction() {},
  view: (s) => ({ role: 'peer', summary: s.seen.join(',') }),
};

function boot() {
  const { runtime } = bootNode(scribble, {
    node: 'b',
    protocol: 'scribble',
    options: null,
    peers: ['a'],
    persisted: undefined,
    rng: seedState(1, 'b'),
    localTime: 0,
  });
  if (!runtime) throw new Error('no runtime');
  return runtime;
}

describe('a fast-forward batch', () => {
  it.each([true, false])(
    'gives each delivery its own copy of the message (request owned: %s)',
    (owns) => {
      // The two copies of a duplicated message are one object in the request.
      const message: M = { type: 'Note', seen: 0 };
      const single: M = { type: 'Note', seen: 5 };
      const request: BatchRequest = {
        events: [
          { time: 1, seq: 1, kind: 'message', from: 'a', message },
          { time: 2, seq: 2, kind: 'message', from: 'a', message },
          { time: 3, seq: 3, kind: 'message', from: 'a', message: single },
        ],
        clock: { skewMs: 0, drift: 0, driftSince: 0, driftAccumMs: 0 },
        timers: {},
        until: 10,
        before: 10,
      };
      const runtime = boot();
      expect(runBatch(runtime, request, owns)).toHaveLength(3);
      expect(runtime.view().summary).toBe('1,1,6');
      expect(message.seen).toBe(0);
      // A request of the node's own is not copied again where it need not be.
      expect(single.seen).toBe(owns ? 6 : 5);
    },
  );
});
