import { describe, expect, it } from 'vitest';
import { startInProcess } from '../testing/run';
import { decodeActions, encodeActions, MAX_ENCODED_LENGTH } from './run-link';
import { exampleCluster } from '../testing/example-cluster';

describe('shared run links', () => {
  it('round-trips a run so that replaying it gives the same trace hash', () => {
    const scenario = exampleCluster({ nodes: 4 });
    const sim = startInProcess(scenario, 77);
    sim.runUntilSync(300);
    sim.actSync({ type: 'crash', node: 'n2' });
    sim.runUntilSync(500);
    const inFlight = sim.frame().inFlight[0];
    if (!inFlight) throw new Error('nothing in flight');
    sim.actSync({ type: 'delay-message', msg: inFlight.id, byMs: 120 });
    sim.actSync({
      type: 'partition',
      groups: [
        ['n1', 'n2'],
        ['n3', 'n4'],
      ],
    });
    sim.actSync({ type: 'link', from: 'n1', to: 'n3', config: { loss: 0.5, ordering: 'fifo' } });
    sim.actSync({ type: 'clock', node: 'n4', skewMs: -40, drift: 0.01 });
    sim.actSync({ type: 'protocol', node: 'n1', action: { id: 'ping-now' } });
    sim.runUntilSync(1500);

    const link = encodeActions(sim.recordedActions());
    expect(link).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = decodeActions(link);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.actions).toEqual(sim.recordedActions());
    const replay = startInProcess(scenario, 77, { actions: decoded.actions });
    replay.runUntilSync(1500);
    expect(replay.traceHash()).toBe(sim.traceHash());
  });

  const link = (run: unknown) => btoa(JSON.stringify(run)).replace(/=+$/, '');

  it.each([
    ['garbage characters', 'not base64!', /expected format/],
    ['cut short', encodeActions([]).slice(0, 5), /could not be read/],
    ['not JSON', btoa('hello').replace(/=+$/, ''), /could not be read/],
    [
      'wrong version',
      link({ v: 9, actions: [] }),
      /^the shared run is not valid at v: it was written in format 9, and this version of Netsplit reads format 1$/,
    ],
    ['without actions', link({ v: 1 }), /has no list of actions/],
    ['too long', 'A'.repeat(MAX_ENCODED_LENGTH + 1), /too long/],
  ])('rejects a link that is %s, with a reason', (_what, encoded, reason) => {
    const result = decodeActions(encoded);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it.each([
    [
      'an unknown action',
      [[0, 0, { type: 'format-disk' }]],
      'action 1 of 2 has an unknown type "format-disk"',
    ],
    [
      'a bad probability',
      [[0, 0, { type: 'link-defaults', config: { loss: 7 } }]],
      'action 1 of 2 (link-defaults) has config.loss, which must be from 0 to 1',
    ],
    [
      'a field it does not know',
      [[0, 0, { type: 'heal', force: true }]],
      'action 1 of 2 (heal) has a field "force" that this version of Netsplit does not know',
    ],
    ['a missing field', [[0, 0, { type: 'crash' }]], 'action 1 of 2 (crash) is missing its node'],
    [
      'not an action',
      [[0, 'soon', { type: 'heal' }]],
      'action 1 of 2 has a time that must be a number',
    ],
    [
      'out of order',
      [
        [5, 100, { type: 'heal' }],
        [2, 50, { type: 'heal' }],
      ],
      'action 2 of 2 is out of order (it comes before the action it follows)',
    ],
  ])(
    'leaves out an action that is %s, says which and why in words, and keeps the rest',
    (_what, bad, sentence) => {
      const good = [9, 200, { type: 'crash', node: 'n1' }];
      const actions = bad.length === 2 ? bad : [...bad, good];
      const result = decodeActions(link({ v: 1, actions }));
      if (!result.ok) throw new Error(result.error);
      expect(result.skipped).toEqual([sentence]);
      expect(result.actions).toHaveLength(1);
      expect(JSON.stringify(result.skipped)).not.toMatch(/Expected|received|\{/);
    },
  );

  it('skips a valid-looking action that does not fit the run, says why, and replays the rest', () => {
    const scenario = exampleCluster({ nodes: 3 });
    // Where a live crash of n2 at 20 ms is placed; the edited link puts bad actions there too.
    const live = startInProcess(scenario, 1);
    live.runUntilSync(20);
    live.actSync({ type: 'crash', node: 'n2' });
    const at = live.recordedActions()[0]?.afterStep ?? 0;
    const decoded = decodeActions(
      link({
        v: 1,
        actions: [
          [at, 20, { type: 'restart', node: 'n1' }],
          [at, 20, { type: 'crash', node: 'n42' }],
          [at, 20, { type: 'crash', node: 'n2' }],
          [0, 30, { type: 'heal' }],
        ],
      }),
    );
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.skipped).toEqual([
      'action 4 of 4 is out of order (it comes before the action it follows)',
    ]);
    const sim = startInProcess(scenario, 1, { actions: decoded.actions });
    sim.runUntilSync(500);
    expect(sim.replaySkips).toEqual([
      'restart n1 (at 20.0 ms) was skipped: n1 is running; crash it first',
      'crash n42 (at 20.0 ms) was skipped: there is no node "n42"',
    ]);
    // The replay went on past the skipped actions: time moved, and the later crash happened.
    expect(sim.time).toBe(500);
    expect(sim.frame().nodes.find((n) => n.id === 'n2')?.status).toBe('crashed');
    expect(sim.recordedActions().map((a) => a.action)).toEqual([{ type: 'crash', node: 'n2' }]);
    expect(sim.traceHash()).toBe((live.runUntilSync(500), live.traceHash()));
  });

  it('skips an action placed at a moment the run has passed, instead of waiting behind it', () => {
    const scenario = exampleCluster({ nodes: 3 });
    const decoded = decodeActions(
      link({ v: 1, actions: [[0, 200, { type: 'crash', node: 'n1' }]] }),
    );
    if (!decoded.ok) throw new Error(decoded.error);
    const sim = startInProcess(scenario, 1, { actions: decoded.actions });
    sim.runUntilSync(500);
    expect(sim.time).toBe(500);
    expect(sim.isInPast).toBe(false);
    expect(sim.replaySkips).toHaveLength(1);
  });
});
