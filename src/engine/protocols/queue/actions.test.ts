/**
 * The queue family's menu actions say when they do not apply, from the node's view model
 * (`unavailableWhen`): nothing to cancel without an armed crash, no "Join group" while in the
 * group, no "Normal speed" at normal speed, no "Stop publishing" once stopped.
 */
import { describe, expect, it } from 'vitest';
import { protocolActionDefinition } from '../../actions/protocol-actions';
import type { ActionContext } from '../../actions/types';
import type { FrameNode } from '../../sim/frame';
import { readSettings } from '../../scenarios/settings';
import { startInProcess } from '../../testing/run';
import { CONSUMER_ACTIONS } from './consumer-actions';
import { PRODUCER_ACTIONS } from './producer';
import { queueEntry } from './scenarios';

describe('queue actions: unavailable, and why, from the view model', () => {
  it('a consumer’s and a producer’s menu items follow their state', () => {
    const values = readSettings(queueEntry.settings, { rate: '2', standby: '1' });
    const sim = startInProcess(queueEntry.build({ nodes: 2, settings: values.values }), 1);
    sim.runUntilSync(500);
    const node = (id: string): FrameNode => {
      const n = sim.frame(0).nodes.find((x) => x.id === id);
      if (!n) throw new Error(`no ${id}`);
      return n;
    };
    const why = (id: string, actionId: string): string | null => {
      const n = node(id);
      const spec = [...CONSUMER_ACTIONS, ...PRODUCER_ACTIONS].find((a) => a.id === actionId);
      if (!spec) throw new Error(`no ${actionId}`);
      const def = protocolActionDefinition(n.protocol, spec);
      const ctx: ActionContext = {
        frame: sim.frame(0),
        allow: null,
        ready: true,
        playing: false,
        isLesson: false,
      };
      return def.unavailable({ kind: 'node', node: n }, ctx);
    };
    const act = (n: string, id: string) =>
      sim.actSync({ type: 'protocol', node: n, action: { id } });
    expect(why('c1', 'disarm')).toBe('c1 has no crash armed');
    expect(why('c1', 'crash-after-processing')).toBeNull();
    expect(why('c1', 'join-group')).toBe('c1 is in its group already');
    expect(why('c2', 'join-group')).toBeNull();
    expect(why('c2', 'leave-group')).toBe('c2 is not in its group');
    expect(why('c1', 'speed-up')).toBe('c1 runs at normal speed');
    expect(why('p1', 'workload-on')).toBe('p1 is publishing already');
    act('c1', 'crash-after-processing');
    act('c1', 'slow-down');
    act('p1', 'workload-off');
    sim.runUntilSync(600);
    expect(why('c1', 'disarm')).toBeNull();
    expect(why('c1', 'slow-down')).toBe('c1 is slowed down already');
    expect(why('c1', 'speed-up')).toBeNull();
    expect(why('p1', 'workload-off')).toBe('p1 is not publishing on its own');
    expect(why('p1', 'workload-on')).toBeNull();
  });
});
