import { describe, expect, it } from 'vitest';
import { startInProcess } from '../testing/run';
import { MarkerIndex } from './markers';
import { exampleCluster } from '../testing/example-cluster';

describe('timeline markers', () => {
  it('marks faults and network changes, and follows seeks and branches', () => {
    const sim = startInProcess(exampleCluster({ nodes: 3 }), 1);
    const index = new MarkerIndex(sim.recorder);
    sim.runUntilSync(200);
    sim.actSync({ type: 'crash', node: 'n2' });
    sim.runUntilSync(400);
    sim.actSync({ type: 'isolate', node: 'n3' });
    sim.runUntilSync(600);
    sim.actSync({ type: 'restart', node: 'n2' });
    sim.actSync({ type: 'pause', node: 'n1' });
    expect(index.markers().map((m) => [m.t, m.kind, m.text])).toEqual([
      [200, 'fault', 'n2 crashed'],
      [400, 'network', 'isolated n3'],
      [600, 'fault', 'n2 restarted'],
      [600, 'fault', 'n1 paused'],
    ]);
    sim.seekSync(500);
    expect(index.markers().map((m) => m.text)).toEqual(['n2 crashed', 'isolated n3']);
    sim.actSync({ type: 'heal' });
    expect(index.markers().map((m) => m.text)).toEqual([
      'n2 crashed',
      'isolated n3',
      'network healed',
    ]);
  });
});
