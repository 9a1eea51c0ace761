/**
 * Finding a run that breaks unsafe Paxos settings (issue 14, flexible quorums): with
 * Q1 + Q2 ≤ N a phase-1 quorum can miss a value already chosen, so two values can be chosen
 * (Howard et al., "Flexible Paxos", 2016, §3); with Q1 + Q2 > N none can (Lamport, "Paxos
 * Made Simple", 2001, §2.2). The search runs the package's own suite over the lab's settings.
 */
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../../scenarios/settings';
import { startInProcess } from '../../../testing/run';
import { decodeActions } from '../../../share/run-link';
import { paxosEntry } from '../scenarios';
import { findBreak } from './find-break';
import { unsafeReasons } from './unsafe';

const labValues = (raw: Record<string, string>) => readSettings(paxosEntry.settings, raw).values;

describe('findBreak: a run that chooses two values, from the lab’s settings', () => {
  it('finds one with quorums of 2 and 2 of 5 (2 + 2 ≤ 5), and its link replays the break', () => {
    const progress: number[] = [];
    const out = findBreak({ nodes: 5, settings: { q1: '2', q2: '2' }, seeds: 300 }, (n) =>
      progress.push(n),
    );
    const found = out.found;
    if (!found) throw new Error('no seed of 300 chose two values');
    expect(out.tried).toBe(found.seed);
    expect(found.check).toBe('Agreement');
    expect(found.message).toMatch(/^two values chosen: /);
    expect(found.atMs).toBeGreaterThan(0);
    expect(found.link).toMatch(
      new RegExp(`^#/lab/paxos\\?seed=${found.seed}&nodes=5&q1=2&q2=2&run=`),
    );
    expect(progress).toEqual(
      Array.from({ length: Math.floor((found.seed - 1) / 10) }, (_, i) => (i + 1) * 10),
    );

    // What the lab does with the link: the same scenario, seed and actions, played to the end.
    const params = new URLSearchParams(found.link.split('?')[1]);
    const actions = decodeActions(params.get('run') ?? '');
    expect(actions.ok).toBe(true);
    const sim = startInProcess(
      paxosEntry.build({ nodes: 5, settings: labValues({ q1: '2', q2: '2' }) }),
      found.seed,
      { actions: actions.ok ? actions.actions : [] },
    );
    sim.runUntilSync(4000);
    const agreement = sim.invariantStatus().find((c) => c.title === 'Agreement');
    expect(agreement?.violation?.message).toBe(found.message);
    expect(agreement?.violation?.time).toBe(found.atMs);
  });

  it('finds one with a broken variant on (an acceptor that accepts below its promise)', () => {
    const out = findBreak({ nodes: 5, settings: { broken: 'accept-below-promise' }, seeds: 300 });
    expect(out.found?.check).toBe('Agreement');
    expect(out.found?.link).toContain('broken=accept-below-promise');
  });

  it('finds none in 30 seeds when Q1 + Q2 > N (3 + 3 of 5, and 4 + 2 of 5)', () => {
    const safe: Record<string, string>[] = [{}, { q1: '4', q2: '2' }];
    for (const settings of safe) {
      const progress: number[] = [];
      const out = findBreak({ nodes: 5, settings, seeds: 30 }, (n) => progress.push(n));
      expect(out).toEqual({ tried: 30, found: null });
      expect(progress).toEqual([10, 20, 30]);
    }
  });

  it('is deterministic, and refuses settings its link could not replay', () => {
    const p = { nodes: 3, settings: { q1: '1', q2: '2' }, seeds: 50 };
    expect(findBreak(p)).toEqual(findBreak(p));
    expect(() => findBreak({ nodes: 5, settings: { q1: '12' }, seeds: 1 })).toThrow(
      /Phase-1 quorum/,
    );
    expect(() => findBreak({ nodes: 5, settings: { quorum: '2' }, seeds: 1 })).toThrow(
      /no setting quorum/,
    );
  });
});

describe('unsafeReasons: why the lab offers the search (Flexible Paxos, §3)', () => {
  it('says nothing of safe settings: majorities, and any sizes with Q1 + Q2 > N', () => {
    expect(unsafeReasons(labValues({}), 5)).toEqual([]);
    expect(unsafeReasons(labValues({ q1: '4', q2: '2' }), 5)).toEqual([]);
    expect(unsafeReasons(labValues({ q1: '1', q2: '3' }), 3)).toEqual([]);
    expect(unsafeReasons(labValues({ q1: '3' }), 5)).toEqual([]); // 3 + majority 3 > 5
  });

  it('names the quorums when Q1 + Q2 ≤ N, reading sizes as the nodes do', () => {
    expect(unsafeReasons(labValues({ q1: '2', q2: '2' }), 5)).toEqual([
      "a phase-1 quorum of 2 and a phase-2 quorum of 2 need not share an acceptor among 5 servers (2 + 2 ≤ 5), so a later proposer's phase 1 can miss a value already chosen",
    ]);
    // 0 is a majority (5 of 9); 4 + 5 ≤ 9.
    expect(unsafeReasons(labValues({ q1: '4' }), 9)[0]).toMatch(
      /quorum of 4 and .* of 5 .* 9 servers/,
    );
    // A size above N is N: 9 of 3 is 3, and 3 + 1 > 3.
    expect(unsafeReasons(labValues({ q1: '9', q2: '1' }), 3)).toEqual([]);
  });

  it('names a broken variant, and both reasons when both hold', () => {
    expect(unsafeReasons(labValues({ broken: 'forget-promise' }), 5)).toEqual([
      'the broken variant forget-promise is on, which breaks Agreement (promises are not persisted)',
    ]);
    expect(
      unsafeReasons(labValues({ q1: '1', q2: '1', broken: 'ignore-accepted' }), 3),
    ).toHaveLength(2);
  });
});
