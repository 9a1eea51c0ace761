import { describe, expect, it } from 'vitest';
import { scenarioById, startInProcess } from '../testing/run';
import { decodeActions, encodeActions, MAX_ENCODED_LENGTH } from './run-link';

describe('shared run links', () => {
  it('round-trips a run so that replaying it gives the same trace hash', () => {
    const scenario = scenarioById('ping', { nodes: 4 });
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

  it.each([
    ['garbage characters', 'not base64!', /expected format/],
    ['cut short', encodeActions([]).slice(0, 5), /could not be read/],
    ['not JSON', btoa('hello').replace(/=+$/, ''), /could not be read/],
    [
      'wrong version',
      btoa(JSON.stringify({ v: 9, actions: [] })).replace(/=+$/, ''),
      /not valid at v/,
    ],
    [
      'unknown action',
      btoa(JSON.stringify({ v: 1, actions: [[0, 0, { type: 'format-disk' }]] })).replace(/=+$/, ''),
      /not valid/,
    ],
    [
      'bad probability',
      btoa(
        JSON.stringify({ v: 1, actions: [[0, 0, { type: 'link-defaults', config: { loss: 7 } }]] }),
      ).replace(/=+$/, ''),
      /not valid/,
    ],
    [
      'out of order',
      btoa(
        JSON.stringify({
          v: 1,
          actions: [
            [5, 100, { type: 'heal' }],
            [2, 50, { type: 'heal' }],
          ],
        }),
      ).replace(/=+$/, ''),
      /out of order/,
    ],
    ['too long', 'A'.repeat(MAX_ENCODED_LENGTH + 1), /too long/],
  ])('rejects a link that is %s, with a reason', (_what, link, reason) => {
    const result = decodeActions(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it('stops a replay with a reason when a valid-looking action does not fit the run', () => {
    const scenario = scenarioById('ping', { nodes: 3 });
    const decoded = decodeActions(
      btoa(JSON.stringify({ v: 1, actions: [[3, 10, { type: 'restart', node: 'n1' }]] })).replace(
        /=+$/,
        '',
      ),
    );
    if (!decoded.ok) throw new Error(decoded.error);
    const sim = startInProcess(scenario, 1, { actions: decoded.actions });
    sim.runUntilSync(500);
    expect(sim.replayError).toMatch(/n1 is running/);
  });
});
