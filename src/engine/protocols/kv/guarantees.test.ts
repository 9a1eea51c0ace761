/** What each mode promises, and the causal lab's stale read shown as expected (issue 12, 15). */
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../scenarios/settings';
import { startInProcess } from '../../testing/run';
import { guaranteesOf, unpromisedChecks, type GuaranteeConfig } from './guarantees';
import { kvCausalEntry } from './scenarios/quorum-causal';
import type { KvClientView } from './types';

const base: GuaranteeConfig = {
  mode: 'strong',
  syncReplication: true,
  readFrom: 'primary',
  n: 3,
  w: 2,
  r: 2,
  sloppy: false,
};
const promised = (c: Partial<GuaranteeConfig>) =>
  guaranteesOf({ ...base, ...c })
    .filter((g) => g.promised)
    .map((g) => g.id);

describe('what each mode promises', () => {
  it('strong and synchronous primary-backup promise everything', () => {
    const all = [
      'linearizability',
      'read-your-writes',
      'monotonic-reads',
      'causal-order',
      'convergence',
    ];
    expect(promised({ mode: 'strong' })).toEqual(all);
    expect(promised({ mode: 'primary-backup' })).toEqual(all);
    expect(promised({ mode: 'primary-backup', syncReplication: false })).toEqual(['convergence']);
  });

  it('causal promises its session guarantees and causal order, not fresh reads', () => {
    expect(promised({ mode: 'causal' })).toEqual([
      'read-your-writes',
      'monotonic-reads',
      'causal-order',
      'convergence',
    ]);
    expect(unpromisedChecks({ ...base, mode: 'causal' })).toEqual(['no-stale-read']);
    expect(promised({ mode: 'causal', noBuffering: true })).toEqual(['convergence']);
  });

  it('quorums promise read-your-writes only when W + R > N without a sloppy quorum', () => {
    expect(promised({ mode: 'quorum' })).toEqual(['read-your-writes', 'convergence']);
    expect(promised({ mode: 'quorum', w: 1, r: 2 })).toEqual(['convergence']);
    expect(promised({ mode: 'quorum', sloppy: true })).toEqual(['convergence']);
    expect(promised({ mode: 'eventual' })).toEqual(['convergence']);
    expect(promised({ mode: 'multi-master' })).toEqual(['convergence']);
  });

  it('every guarantee says why, in a sentence', () => {
    for (const mode of [
      'strong',
      'primary-backup',
      'eventual',
      'multi-master',
      'quorum',
      'causal',
    ] as const)
      for (const g of guaranteesOf({ ...base, mode })) expect(g.why).toMatch(/^[A-Z].*\.$/);
  });
});

it('the causal lab: a read at the far replica 60 ms after a write is stale, and expected', () => {
  const { values } = readSettings(kvCausalEntry.settings, { workload: '0' });
  const sim = startInProcess(kvCausalEntry.build({ settings: values }), 1);
  sim.runUntilSync(100);
  sim.actSync({
    type: 'protocol',
    node: 'c1',
    action: { id: 'write', args: { key: 'post', value: 'hello' } },
  });
  sim.runUntilSync(160);
  sim.actSync({ type: 'protocol', node: 'c2', action: { id: 'read', args: { key: 'post' } } });
  sim.runUntilSync(1600);
  const broken = sim.monitor.violations.map((v) => v.invariant);
  expect(broken).toEqual(['no-stale-read']);
  const c2 = sim.frame().nodes.find((n) => n.id === 'c2')?.view as KvClientView;
  expect(c2.notPromised['no-stale-read']).toMatch(/does not promise fresh reads/);
});
