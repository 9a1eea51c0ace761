import { describe, expect, it } from 'vitest';
import { kvCausalEntry } from '../engine/protocols/kv/scenarios/quorum-causal';
import { raftEntry } from '../engine/protocols/raft/scenarios';
import { exampleEntry } from '../engine/testing/example-cluster';
import { readLabRequest } from './lab-start';

describe('readLabRequest', () => {
  it('says a fixed node count once ("3 nodes", not "3 to 3 nodes")', () => {
    const request = readLabRequest(kvCausalEntry, { nodes: 5, run: null, settings: {} });
    expect(request.notice).toBe('Causal consistency runs with 3 nodes, so this lab has 3, not 5.');
  });

  it('names the actions of a shared run it had to leave out, and keeps the rest', () => {
    const run = btoa(
      JSON.stringify({
        v: 1,
        actions: [
          [0, 0, { type: 'format-disk' }],
          [0, 0, { type: 'heal' }],
        ],
      }),
    ).replace(/=+$/, '');
    const request = readLabRequest(raftEntry, { nodes: null, run, settings: {} });
    expect(request.actions).toHaveLength(1);
    expect(request.notice).toBe(
      'Part of the shared run in this link could not be used, so it was left out: action 1 of 2 has an unknown type "format-disk". The rest of the run replays without it.',
    );
  });

  it('says up front which actions name a node the lab does not have, before any replay', () => {
    const run = btoa(
      JSON.stringify({
        v: 1,
        actions: [
          [3, 120, { type: 'crash', node: 'n42' }],
          [3, 120, { type: 'cut', from: 'n1', to: 'n9', oneWay: false }],
          [3, 120, { type: 'crash', node: 'n2' }],
        ],
      }),
    ).replace(/=+$/, '');
    const request = readLabRequest(exampleEntry, { nodes: 3, run, settings: {} });
    expect(request.actions.map((a) => a.action)).toEqual([{ type: 'crash', node: 'n2' }]);
    expect(request.notice).toContain(
      'crash n42 (at 120.0 ms) names "n42", which this lab does not have',
    );
    expect(request.notice).toContain('names "n9", which this lab does not have');
  });
});
