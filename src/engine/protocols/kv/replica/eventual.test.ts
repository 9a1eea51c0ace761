/** eventual: writes at the primary, reads at the nearest replica — stale, then converged. */
import { describe, expect, it } from 'vitest';
import { operationsOf, recordedOpsOf } from '../../../check/history';
import { checkLinearizability, kvModel } from '../../../check/linearizability';
import {
  kvEventualEntry,
  kvMultiMasterEntry,
  kvPrimaryBackupEntry,
  kvStrongEntry,
} from '../scenarios/replica';
import { act, factsOf, historyOf, replicaView, startKv } from './testing';

/** kv-eventual with each client reading or writing every 200 ms: stale within half a second. */
const STALE_SCENARIO_SEEDS = [2, 4, 7];

describe('eventual consistency', () => {
  it('a client reads its nearest replica before the write reaches it: stale; then all converge', () => {
    const sim = startKv(kvEventualEntry.build({}));
    act(sim, 'c1', 'write', { key: 'x', value: 'a' });
    sim.runUntilSync(100);
    expect(historyOf(sim)).toEqual(['c1 invoke write x="a"', 'c1 ok write x="a"']);
    // c2 sits by n3, far from the primary, and replication waits 500 ms.
    act(sim, 'c2', 'read', { key: 'x' });
    sim.runUntilSync(200);
    expect(historyOf(sim).slice(2)).toEqual(['c2 invoke read x', 'c2 ok read x=null']);
    expect(sim.monitor.violations.map((v) => v.invariant)).toEqual(['no-stale-read']);
    sim.runUntilSync(1200);
    expect(factsOf(sim, 'replicated').map((f) => f.to)).toEqual(['n2', 'n3']);
    for (const n of ['n1', 'n2', 'n3'])
      expect(replicaView(sim, n).store.x, n).toEqual({ values: ['a'], version: 'v1' });
    act(sim, 'c2', 'read', { key: 'x' });
    sim.runUntilSync(1300);
    expect(historyOf(sim).at(-1)).toBe('c2 ok read x="a"');
  });

  it('a replica that is not the primary passes writes on to it', () => {
    const sim = startKv(kvEventualEntry.build({}));
    act(sim, 'c2', 'write', { key: 'x', value: 'b' });
    sim.runUntilSync(400);
    expect(historyOf(sim)).toEqual(['c2 invoke write x="b"', 'c2 ok write x="b"']);
    expect(factsOf(sim, 'reply')).toEqual([expect.objectContaining({ from: 'n1', ok: true })]);
    // Its own write is not yet at its own replica: reading it back there is stale.
    act(sim, 'c2', 'read', { key: 'x' });
    sim.runUntilSync(450);
    expect(historyOf(sim).at(-1)).toBe('c2 ok read x=null');
  });

  it.each(STALE_SCENARIO_SEEDS)(
    'seed %i of kv-eventual (load 200 ms) reads stale, and both checkers say so',
    (seed) => {
      const sim = startKv(kvEventualEntry.build({ settings: { load: 200 } }), seed);
      sim.runUntilSync(1000);
      expect(sim.monitor.violations[0]?.invariant).toBe('no-stale-read');
      const ops = operationsOf(recordedOpsOf(sim.trace));
      expect(checkLinearizability(kvModel(), ops).verdict).toBe('not-linearizable');
    },
  );
});

describe('the store’s scenarios', () => {
  it.each([kvStrongEntry, kvPrimaryBackupEntry, kvEventualEntry, kvMultiMasterEntry])(
    '$id: replicas, two clients by different replicas, settings applied',
    (entry) => {
      const scenario = entry.build({ nodes: 4, settings: { load: 300 } });
      expect(scenario.id).toBe(entry.id);
      const replicas = scenario.nodes.filter((n) => n.protocol === 'kv-replica');
      const clients = scenario.nodes.filter((n) => n.protocol === 'kv-client');
      expect(replicas.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4']);
      expect(clients.map((n) => [n.id, (n.options as { target: string }).target])).toEqual([
        ['c1', 'n1'],
        ['c2', 'n4'],
      ]);
      expect(clients[0]?.options).toMatchObject({ loadEveryMs: 300 });
      expect(
        entry.build({ nodes: 9 }).nodes.filter((n) => n.protocol === 'kv-replica'),
      ).toHaveLength(5);
      // It runs: a few seconds of load with no node faulting.
      const sim = startKv(scenario);
      sim.runUntilSync(3000);
      expect(sim.trace.filter((e) => e.k === 'fault')).toEqual([]);
      expect(sim.trace.filter((e) => e.k === 'op' && e.op.phase === 'ok').length).toBeGreaterThan(
        10,
      );
    },
  );

  it('settings reach the replicas', () => {
    const pb = kvPrimaryBackupEntry.build({
      settings: { sync: false, readFrom: 'any', failoverTimeout: 900 },
    });
    expect(pb.nodes[0]?.options).toMatchObject({
      mode: 'primary-backup',
      syncReplication: false,
      readFrom: 'any',
      failoverTimeoutMs: 900,
    });
    const mm = kvMultiMasterEntry.build({
      settings: { resolution: 'siblings', replicationDelay: 50 },
    });
    expect(mm.nodes[0]?.options).toMatchObject({ resolution: 'siblings', replicationDelayMs: 50 });
  });
});
